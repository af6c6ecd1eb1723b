/**
 * The outbox is what makes "a crash between commit and enqueue loses nothing" true: a delivery written by a terminal
 * move whose process never enqueued it (this test's door has no relay, as if it died right after the commit) is
 * found by the worker's sweep and sent.
 */
import { createDatabase, createJobDoor, type Database, type JobDoor } from "@jobline/db";
import { queuedJob, startWebhookReceiver, waitFor, type WebhookReceiver } from "@jobline/testing";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import type { WorkerProcess } from "../support/worker-process";

jest.setTimeout(30_000);

let env: TestEnvironment;
let receiver: WebhookReceiver;
let worker: WorkerProcess | undefined;
let database: Database;
/** The environment's door relays what it commits; this one does not, like a process that died after its commit. */
let door: JobDoor;
const maxAttempts = 3;
const workerEnv = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true", WEBHOOK_SWEEP_INTERVAL_MS: "100", WEBHOOK_MAX_ATTEMPTS: String(maxAttempts) };

beforeAll(async () => {
  env = await createTestEnvironment();
  database = createDatabase(env.databaseUrl, { poolSize: 2 });
  door = createJobDoor(database);
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  try {
    if (worker) expect(await worker.stop("SIGTERM")).toBe(0);
  } finally {
    await receiver?.close();
    await database?.close();
    await env?.teardown();
  }
});

test("a pending delivery with no queue entry is sent by the sweep", async () => {
  const owner = await env.prisma.owner.findFirstOrThrow();
  const job = queuedJob(owner.id, { type: "demo.echo", payload: {}, callbackUrl: receiver.url("/orphan") });
  await door.create([{ jobs: [job] }], async () => undefined);
  await door.transition({ jobId: job.id }, { to: "cancelled", reason: "cancelled by the test" });
  const [delivery] = await env.prisma.webhookDelivery.findMany({ where: { jobId: job.id } });
  expect(delivery).toMatchObject({ status: "pending", enqueuedAt: null, event: "job.cancelled" });

  worker = await env.startWorker(workerEnv);
  const [request] = await receiver.waitForRequests("/orphan", 1);

  expect(request!.headers["jobline-delivery"]).toBe(delivery!.id);
  await waitFor(
    async () => (await env.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).status === "succeeded",
    "the delivery to succeed",
  );
});

test("a delivery marked enqueued whose entry Redis lost is enqueued again", async () => {
  const owner = await env.prisma.owner.findFirstOrThrow();
  const job = queuedJob(owner.id, { type: "demo.echo", payload: {}, callbackUrl: receiver.url("/lost") });
  await door.create([{ jobs: [job] }], async () => undefined);
  await door.transition({ jobId: job.id }, { to: "cancelled", reason: "cancelled by the test" });
  await env.prisma.webhookDelivery.updateMany({ where: { jobId: job.id }, data: { enqueuedAt: new Date() } });

  const [request] = await receiver.waitForRequests("/lost", 1);

  expect(JSON.parse(request!.body)).toMatchObject({ event: "job.cancelled", job: { id: job.id } });
});

test("a delivery re-enqueued after all its attempts is failed without calling the receiver again", async () => {
  // Stopped while the row is prepared, so the sweep cannot send it first.
  if (worker) expect(await worker.stop("SIGTERM")).toBe(0);
  worker = undefined;
  const owner = await env.prisma.owner.findFirstOrThrow();
  const job = queuedJob(owner.id, { type: "demo.echo", payload: {}, callbackUrl: receiver.url("/exhausted") });
  await door.create([{ jobs: [job] }], async () => undefined);
  await door.transition({ jobId: job.id }, { to: "cancelled", reason: "cancelled by the test" });
  // As if its entry had made every attempt and then been lost: the sweep adds a fresh entry, counting from zero.
  const [delivery] = await env.prisma.webhookDelivery.findMany({ where: { jobId: job.id } });
  await env.prisma.webhookDelivery.update({ where: { id: delivery!.id }, data: { attempts: maxAttempts } });
  worker = await env.startWorker(workerEnv);

  await waitFor(
    async () => (await env.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } })).status === "failed",
    "the delivery to fail",
  );

  expect(receiver.requests("/exhausted")).toHaveLength(0);
});

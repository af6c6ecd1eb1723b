/**
 * The reconciler against real Postgres and Redis: queue entries lost or finished behind the rows' backs.
 * Passes run in this process (`reconcileOnce`) where the test needs to see the repair; the last test lets the
 * built worker's own periodic reconciler find the job.
 */
import { Worker } from "bullmq";
import { pino } from "pino";
import { createRedisConnection } from "@jobline/queues";
import { testRedisUrl } from "@jobline/testing";
import { reconcileOnce, type ReconcilerDeps } from "../../src/reconciler";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { waitFor } from "@jobline/testing";

jest.setTimeout(30_000);

let env: TestEnvironment;
let deps: ReconcilerDeps;

beforeAll(async () => {
  env = await createTestEnvironment();
  deps = { prisma: env.prisma, door: env.door, queues: env.queues, logger: pino({ level: "silent" }), graceMs: 0 };
});

afterAll(async () => {
  await env?.teardown();
});

/** Finishes the job's entry in BullMQ without touching its row, as a worker whose last Postgres write was lost. */
async function finishEntryOnly(outcome: () => Promise<unknown>): Promise<void> {
  const connection = createRedisConnection(testRedisUrl, { blocking: true });
  const worker = new Worker("cpu", outcome, { connection, prefix: env.prefix, autorun: true });
  const drained = new Promise<void>((resolve) => worker.once("drained", () => resolve()));
  await drained;
  await worker.close();
  connection.disconnect();
}

it("re-enqueues a queued job whose entry is gone, and leaves agreeing jobs alone", async () => {
  const lost = await env.submit("demo.echo", { lost: true });
  await env.queues.work.cpu.remove(lost.id);
  const report = await reconcileOnce(deps);

  expect(report).toMatchObject({ checked: 1, repaired: { requeued: 1, completed: 0, failed: 0 } });
  expect(await env.queues.work.cpu.getJobState(lost.id)).toBe("prioritized");
  expect(await reconcileOnce(deps)).toMatchObject({ checked: 1, repaired: { requeued: 0 } });
  await env.queues.work.cpu.remove(lost.id);
  await env.door.transition({ jobId: lost.id }, { to: "cancelled", reason: "test cleanup" });
});

it("records the result of an entry that completed while its row still says running", async () => {
  const job = await env.submit("demo.echo", { n: 1 });
  await env.door.transition({ jobId: job.id }, { to: "running" });
  await finishEntryOnly(async () => ({ result: { n: 1 } }));

  expect(await reconcileOnce(deps)).toMatchObject({ repaired: { completed: 1 } });
  expect(await env.row(job.id)).toMatchObject({ status: "completed", result: { n: 1 }, attempts: 1, progress: 100 });
});

it("records the result of a quick attempt whose start and completion were both lost (the row still says queued)", async () => {
  const job = await env.submit("demo.echo", { n: 4 });
  await finishEntryOnly(async () => ({ result: { n: 4 } }));

  expect(await reconcileOnce(deps)).toMatchObject({ repaired: { completed: 1 } });
  expect(await env.row(job.id)).toMatchObject({ status: "completed", result: { n: 4 }, attempts: 1 });
  const timeline = await env.prisma.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } });
  expect(timeline.map((event) => event.status)).toEqual(["queued", "running", "completed"]);
});

it("records the failure of an entry that failed while its row still says running, and dead-letters it", async () => {
  const job = await env.submit("demo.echo", { n: 2 }, { maxAttempts: 1 });
  await env.door.transition({ jobId: job.id }, { to: "running" });
  await finishEntryOnly(async () => {
    throw new Error("boom");
  });

  expect(await reconcileOnce(deps)).toMatchObject({ repaired: { failed: 1 } });
  expect(await env.row(job.id)).toMatchObject({ status: "failed", error: { message: "boom", attempt: 1 } });
  expect((await env.queues.deadLetter.getJob(job.id))?.data).toMatchObject({ jobId: job.id, error: { message: "boom" } });
});

it("a row whose repair keeps failing is skipped, not allowed to stop every pass at the oldest row", async () => {
  // Postgres refuses to store U+0000 in jsonb, so this completion can never be recorded.
  const poisoned = await env.submit("demo.echo", { n: 3 });
  await env.door.transition({ jobId: poisoned.id }, { to: "running" });
  await finishEntryOnly(async () => ({ result: { text: "a\u0000b" } }));
  const lost = await env.submit("demo.echo", { lost: "after the poisoned row" });
  await env.queues.work.cpu.remove(lost.id);

  expect(await reconcileOnce(deps)).toMatchObject({ checked: 2, repaired: { requeued: 1, completed: 0 } });
  expect(await env.queues.work.cpu.getJobState(lost.id)).toBe("prioritized");
  expect(await env.row(poisoned.id)).toMatchObject({ status: "running" });
  await env.queues.work.cpu.remove(lost.id);
  for (const { id } of [poisoned, lost]) await env.door.transition({ jobId: id }, { to: "cancelled", reason: "test cleanup" });
});

it("a worker's own reconciler re-enqueues a lost entry, and the job completes", async () => {
  const job = await env.submit("demo.echo", { found: true });
  await env.queues.work.cpu.remove(job.id);
  const worker = await env.startWorker({ WORKER_QUEUES: "cpu", RECONCILE_INTERVAL_MS: "200", RECONCILE_GRACE_MS: "100" });
  try {
    const row = await env.waitForRow(job.id, (current) => current.status === "completed", "the lost job to complete");
    expect(row).toMatchObject({ result: { found: true }, attempts: 1 });
    await waitFor(
      async () => worker.lines().some((line) => line.msg === "reconciler repaired a job" && line.repair === "requeued"),
      "the repair's log line",
    );
  } finally {
    expect(await worker.stop("SIGTERM")).toBe(0);
  }
});

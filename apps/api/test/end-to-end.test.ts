/**
 * The whole path with real processes: REST → Postgres → BullMQ → worker → Postgres → REST.
 * The API and the workers run as the built apps, against a fresh database and queue prefix.
 */
import { createApiKey, createPrismaClient, type PrismaClient } from "@jobline/db";
import { JobResourceSchema, type JobResource } from "@jobline/contract";
import { createJobQueues, createRedisConnection } from "@jobline/queues";
import {
  createTestDatabase,
  deleteQueuePrefix,
  spawnService,
  testRedisUrl,
  uniqueQueuePrefix,
  waitFor,
  type SpawnedService,
  type TestDatabase,
} from "@jobline/testing";

let db: TestDatabase;
let prisma: PrismaClient;
let prefix: string;
let api: SpawnedService;
let cpuWorker: SpawnedService;
const services: SpawnedService[] = [];
let baseUrl: string;
let token: string;
let adminToken: string;

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { DATABASE_URL: db.url, REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix, JOBLINE_DEMO_JOBS: "true", LOG_LEVEL: "info", ...extra };
}

async function startWorker(queues: string): Promise<SpawnedService> {
  const worker = spawnService(`worker(${queues})`, "apps/worker/dist/main.js", env({ WORKER_QUEUES: queues, WORKER_PORT: "0" }));
  services.push(worker);
  await worker.waitForLine(/worker ready/);
  return worker;
}

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url, { poolSize: 2 });
  prefix = uniqueQueuePrefix();
  token = (await createApiKey(prisma, { owner: "e2e", scopes: ["jobs:read", "jobs:write"] })).token;
  adminToken = (await createApiKey(prisma, { owner: "ops", scopes: ["admin"] })).token;
  api = spawnService("api", "apps/api/dist/main.js", env({ PORT: "0" }));
  services.push(api);
  const listening = await api.waitForLine(/api listening/);
  baseUrl = `http://127.0.0.1:${JSON.parse(listening).port}`;
  cpuWorker = await startWorker("cpu");
}, 60_000);

afterAll(async () => {
  const codes = await Promise.all(services.map((service) => service.stop("SIGTERM")));
  await prisma.$disconnect();
  await deleteQueuePrefix(prefix);
  await db.drop();
  // A process that does not shut down cleanly is a defect, not noise.
  expect(codes.every((code) => code === 0)).toBe(true);
}, 60_000);

async function call(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function submit(body: unknown): Promise<JobResource> {
  const res = await call("POST", "/v1/jobs", body);
  expect(res.status).toBe(202);
  return JobResourceSchema.parse(res.body);
}

/** Polls the job over REST, as a client would, until it reaches `status`. */
async function untilStatus(id: string, status: JobResource["status"], timeoutMs = 20_000): Promise<JobResource> {
  return waitFor(
    async () => {
      const res = await call("GET", `/v1/jobs/${id}`);
      return res.body.status === status ? JobResourceSchema.parse(res.body) : undefined;
    },
    `job ${id} to be ${status}`,
    timeoutMs,
  );
}

test("a submitted job runs to completed and its result is readable over REST", async () => {
  const job = await submit({ type: "demo.echo", payload: { greeting: "hello" } });

  const done = await untilStatus(job.id, "completed");

  expect(done).toMatchObject({ result: { greeting: "hello" }, attempts: 1, progress: 100, error: null });
  expect(done.startedAt).not.toBeNull();
  expect(done.finishedAt).not.toBeNull();
});

test("a report.generate job produces its summary document", async () => {
  const job = await submit({
    type: "report.generate",
    payload: {
      title: "Q3 revenue",
      groupBy: "region",
      measures: ["revenue"],
      rows: [
        { region: "north", revenue: 10 },
        { region: "north", revenue: 30 },
        { region: "south", revenue: 5 },
      ],
    },
  });

  const done = await untilStatus(job.id, "completed");

  const result = done.result as { groups: { key: string; measures: { revenue: { sum: number; mean: number } } }[]; document: string };
  expect(result.groups.find((g) => g.key === "north")?.measures.revenue).toMatchObject({ sum: 40, mean: 20 });
  expect(result.document).toContain("Q3 revenue");
});

test("a job that fails twice then succeeds completes on its third attempt", async () => {
  const job = await submit({ type: "demo.fail", payload: { failTimes: 2 } });

  const done = await untilStatus(job.id, "completed");

  expect(done.attempts).toBe(3);
  expect(done.result).toEqual({ succeededOnAttempt: 3 });
});

test("a job that always fails ends failed, sits in the dead-letter queue, and runs again when retried", async () => {
  const job = await submit({ type: "demo.fail", payload: { failTimes: 100 }, maxAttempts: 2 });

  const failed = await untilStatus(job.id, "failed");
  expect(failed.attempts).toBe(2);
  expect(failed.error).toMatchObject({ attempt: 2, name: expect.any(String), message: expect.any(String) });
  // The row turns failed a moment before the worker adds the dead letter: wait for it rather than race it.
  await waitFor(async () => {
    const queues = await call("GET", "/v1/queues", undefined, adminToken);
    const deadLetters = queues.body.data.find((q: { name: string }) => q.name === "dead-letter");
    // Waiting until a worker files it among the failed entries (dead-letter-filer.ts).
    return deadLetters.waiting + deadLetters.failed >= 1;
  }, "the dead letter");

  const retried = await call("POST", `/v1/jobs/${job.id}/retry`);
  expect(retried.status).toBe(202);
  expect(retried.body).toMatchObject({ status: "queued", attempts: 0, error: null });

  const failedAgain = await untilStatus(job.id, "failed");
  expect(failedAgain.attempts).toBe(2);
  const runs = await prisma.jobEvent.count({ where: { jobId: job.id, status: "running" } });
  expect(runs).toBe(4);
});

test("a gpu job is left alone by a cpu-only worker and done by a gpu worker", async () => {
  const gpuJob = await submit({ type: "demo.gpu-echo", payload: { model: "tiny" } });
  const cpuJob = await submit({ type: "demo.echo", payload: {} });

  await untilStatus(cpuJob.id, "completed");
  expect((await call("GET", `/v1/jobs/${gpuJob.id}`)).body.status).toBe("queued");

  await startWorker("gpu");
  const done = await untilStatus(gpuJob.id, "completed");

  expect(done.result).toMatchObject({ payload: { model: "tiny" }, gpu: { available: expect.any(Boolean) } });
});

test("a per-job timeoutMs sent over REST stops the attempt in the worker", async () => {
  const job = await submit({ type: "demo.sleep", payload: { ms: 10_000 }, timeoutMs: 300, maxAttempts: 1 });

  const failed = await untilStatus(job.id, "failed");

  expect(failed.error).toMatchObject({ name: "JobTimeoutError", message: "attempt timed out after 300 ms", attempt: 1 });
  expect(Date.parse(failed.finishedAt!) - Date.parse(failed.startedAt!)).toBeLessThan(3000);
});

test("cancelling a running job aborts its handler at once; it ends cancelled and is not retried", async () => {
  const redis = createRedisConnection(testRedisUrl, { blocking: false });
  const queues = createJobQueues(redis, prefix);
  try {
    const job = await submit({ type: "demo.sleep", payload: { ms: 20_000 }, maxAttempts: 3 });
    await untilStatus(job.id, "running");

    const asked = Date.now();
    const res = await call("POST", `/v1/jobs/${job.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "cancelled", attempts: 1 });

    // The attempt ends (its entry fails as cancelled, without a retry) long before the 20 s sleep would have.
    await waitFor(async () => (await queues.work.cpu.getJobState(job.id)) === "failed", "the attempt to end", 5000);
    expect(Date.now() - asked).toBeLessThan(1500);
    await cpuWorker.waitForLine(new RegExp(`"jobId":"${job.id}".*cancelling the running attempt`), 1000);

    const after = await call("GET", `/v1/jobs/${job.id}`);
    expect(after.body).toMatchObject({ status: "cancelled", attempts: 1, result: null, error: null });
    const timeline = await prisma.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } });
    expect(timeline.map((event) => event.status)).toEqual(["queued", "running", "cancelled"]);
  } finally {
    await queues.close();
    redis.disconnect();
  }
});

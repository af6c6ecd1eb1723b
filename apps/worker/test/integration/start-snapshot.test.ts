/**
 * A first start runs from its entry's start snapshot (packages/queues start-snapshot.ts) without reading the row;
 * a later start of the same entry reads the row. The built worker runs as a child process against real Postgres
 * and Redis; entries are written here the way the API writes them.
 */
import { enqueueJobs } from "@jobline/queues";
import { queuedJob } from "@jobline/testing";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import type { WorkerProcess } from "../support/worker-process";

jest.setTimeout(60_000);

let env: TestEnvironment;
let worker: WorkerProcess;

beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await env.startWorker({ WORKER_QUEUES: "cpu", WORKER_CONCURRENCY_CPU: "2" });
});

afterAll(async () => {
  try {
    if (worker) expect(await worker.stop("SIGTERM")).toBe(0);
  } finally {
    await env?.teardown();
  }
});

/** A job whose entry's snapshot says `entryPayload` while its row says `rowPayload`: which one ran tells who was read. */
async function submitWithDivergentCopies(type: string, rowPayload: unknown, entryPayload: unknown, maxAttempts = 1): Promise<string> {
  const owner = await env.prisma.owner.findFirstOrThrow();
  const job = queuedJob(owner.id, { type, queue: "cpu", payload: rowPayload, maxAttempts, timeoutMs: 10_000 });
  await env.door.create([{ jobs: [job] }], (rows) =>
    enqueueJobs(
      env.queues,
      rows.map((row) => ({ ...row, payload: entryPayload })),
    ),
  );
  return job.id;
}

const finished = (row: { status: string }): boolean => ["completed", "failed", "cancelled"].includes(row.status);

it("runs a first attempt from its entry's snapshot, without reading the row", async () => {
  const id = await submitWithDivergentCopies("demo.echo", { from: "row" }, { from: "entry" });

  const row = await env.waitForRow(id, finished, "demo.echo to finish");

  expect(row).toMatchObject({ status: "completed", result: { from: "entry" }, attempts: 1 });
});

it("reads the row for a retry: a later start of the entry follows the row", async () => {
  // demo.fail fails while attempt ≤ failTimes: by the entry's copy the second attempt would pass, by the row's the third.
  const id = await submitWithDivergentCopies("demo.fail", { failTimes: 2 }, { failTimes: 1 }, 3);

  const row = await env.waitForRow(id, finished, "demo.fail to finish");

  expect(row).toMatchObject({ status: "completed", attempts: 3, result: { succeededOnAttempt: 3 } });
});

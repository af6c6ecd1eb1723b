/**
 * What becomes of a job, end to end: rows written directly, entries added as the API adds them, and the built
 * worker running as a child process against real Postgres and Redis.
 */
import { withdrawEntry } from "@jobline/engine";
import type { DeadLetterData } from "@jobline/queues";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { waitFor } from "@jobline/testing";
import type { WorkerProcess } from "../support/worker-process";

jest.setTimeout(30_000);

let env: TestEnvironment;
let worker: WorkerProcess;

beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await env.startWorker({ WORKER_QUEUES: "cpu", WORKER_CONCURRENCY_CPU: "4" });
});

afterAll(async () => {
  try {
    if (worker) expect(await worker.stop("SIGTERM")).toBe(0);
  } finally {
    await env?.teardown();
  }
});

const finished = (row: { status: string }): boolean => ["completed", "failed", "cancelled"].includes(row.status);

async function timeline(jobId: string): Promise<Array<[string, number]>> {
  const events = await env.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } });
  return events.map((event) => [event.status, event.attempt]);
}

/** The row turns failed a moment before the dead letter is added and the entry fails: wait for both. */
async function deadLetter(jobId: string): Promise<DeadLetterData> {
  const letter = await waitFor(async () => (await env.queues.deadLetter.getJob(jobId))?.data, "the dead letter");
  await waitFor(async () => (await env.queues.work.cpu.getJobState(jobId)) === "failed", "the entry to fail");
  return letter;
}

it("announces which queues it serves", () => {
  expect(worker.ready).toMatchObject({ queues: [{ name: "cpu", concurrency: 4 }], prefix: env.prefix, demoJobs: true });
});

it("completes demo.echo with its payload as the result", async () => {
  const job = await env.submit("demo.echo", { hello: "world", n: 1 });
  const row = await env.waitForRow(job.id, finished, "demo.echo to finish");
  expect(row).toMatchObject({ status: "completed", result: { hello: "world", n: 1 }, error: null, attempts: 1, progress: 100 });
  expect(row.startedAt).not.toBeNull();
  expect(row.finishedAt).not.toBeNull();
  expect(await timeline(job.id)).toEqual([
    ["queued", 0],
    ["running", 1],
    ["completed", 1],
  ]);
});

it("a failed job's stored stack names the worker's files relative to the project root, with no absolute path", async () => {
  const job = await env.submit("demo.fail", { failTimes: 1 }, { maxAttempts: 1 });
  await env.waitForRow(job.id, finished, "demo.fail to fail");

  const letter = await deadLetter(job.id);

  expect(letter.error.stack).toMatch(/\(apps\/worker\/dist\/handlers\/demo-fail\.js:\d+:\d+\)/);
  expect(letter.error.stack).not.toMatch(/\(\/|at (async )?\//);
  // The timeline's failed attempt (what GET /v1/jobs/{id}/events and the board's history show) is stored alike.
  expect(letter.attempts.at(-1)!.error!.stack).toBe(letter.error.stack);
});

it("retries demo.fail after two failures and completes on the third attempt", async () => {
  const job = await env.submit("demo.fail", { failTimes: 2 });
  const row = await env.waitForRow(job.id, finished, "demo.fail to finish");
  expect(row).toMatchObject({ status: "completed", attempts: 3, result: { succeededOnAttempt: 3 }, error: null });
  expect(await timeline(job.id)).toEqual([
    ["queued", 0],
    ["running", 1],
    ["retrying", 1],
    ["running", 2],
    ["retrying", 2],
    ["running", 3],
    ["completed", 3],
  ]);
  expect(await env.queues.deadLetter.getJob(job.id)).toBeUndefined();
});

it("fails demo.fail when every attempt fails, and dead-letters it with its history", async () => {
  const job = await env.submit("demo.fail", { failTimes: 5 }, { maxAttempts: 3 });
  const row = await env.waitForRow(job.id, finished, "demo.fail to fail");
  expect(row).toMatchObject({ status: "failed", attempts: 3, result: null });
  expect(row.error).toEqual({ name: "Error", message: "demo.fail: attempt 3 fails (failTimes=5)", attempt: 3 });

  const letter = await deadLetter(job.id);
  expect(letter).toMatchObject({ jobId: job.id, queue: "cpu", type: "demo.fail", payload: { failTimes: 5 } });
  expect(letter.error).toMatchObject({ name: "Error", message: "demo.fail: attempt 3 fails (failTimes=5)" });
  expect(letter.error.stack).toContain("demo-fail");
  expect(letter.attempts.map((entry) => [entry.status, entry.attempt, entry.error?.message])).toEqual([
    ["queued", 0, undefined],
    ["running", 1, undefined],
    ["retrying", 1, "demo.fail: attempt 1 fails (failTimes=5)"],
    ["running", 2, undefined],
    ["retrying", 2, "demo.fail: attempt 2 fails (failTimes=5)"],
    ["running", 3, undefined],
    ["failed", 3, "demo.fail: attempt 3 fails (failTimes=5)"],
  ]);
  expect(letter.attempts[6]!.error!.stack).toContain("Error: demo.fail");
  // BullMQ agrees: the entry spent its attempts and failed.
  expect((await env.queues.work.cpu.getJob(job.id))!.attemptsMade).toBe(3);
});

it("does not retry a PermanentJobError (retryable: false)", async () => {
  const job = await env.submit("demo.fail", { failTimes: 1, retryable: false }, { maxAttempts: 5 });
  const row = await env.waitForRow(job.id, finished, "demo.fail to fail");
  expect(row).toMatchObject({ status: "failed", attempts: 1, error: { name: "PermanentJobError", attempt: 1 } });
  expect((await deadLetter(job.id)).error.name).toBe("PermanentJobError");
  expect((await env.queues.work.cpu.getJob(job.id))!.attemptsMade).toBe(1);
});

it("fails an invalid payload at once, without running the handler", async () => {
  const job = await env.submit("demo.sleep", { ms: "soon" }, { maxAttempts: 3 });
  const row = await env.waitForRow(job.id, finished, "invalid payload to fail");
  expect(row).toMatchObject({ status: "failed", attempts: 1, progress: 0, error: { name: "InvalidPayloadError", attempt: 1 } });
  expect((row.error as { message: string }).message).toMatch(/ms/);
  expect((await deadLetter(job.id)).error.name).toBe("InvalidPayloadError");
});

it("writes demo.sleep's progress to the row while it runs", async () => {
  const job = await env.submit("demo.sleep", { ms: 1500 });
  const midway = await env.waitForRow(
    job.id,
    (row) => row.status === "running" && row.progress > 0 && row.progress < 100,
    "progress while running",
  );
  expect(midway.progress % 10).toBe(0);
  const row = await env.waitForRow(job.id, finished, "demo.sleep to finish");
  expect(row).toMatchObject({ status: "completed", progress: 100, attempts: 1 });
  expect((row.result as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(1490);
});

it("times an attempt out after timeoutMs, retries it, then fails with JobTimeoutError", async () => {
  const job = await env.submit("demo.sleep", { ms: 5000 }, { timeoutMs: 200, maxAttempts: 2 });
  const retrying = await env.waitForRow(job.id, (row) => row.status === "retrying" || finished(row), "the first attempt to time out");
  expect(retrying).toMatchObject({ status: "retrying", error: { name: "JobTimeoutError", attempt: 1 } });
  const row = await env.waitForRow(job.id, finished, "the last attempt to time out");
  expect(row).toMatchObject({
    status: "failed",
    attempts: 2,
    error: { name: "JobTimeoutError", message: "attempt timed out after 200 ms", attempt: 2 },
  });
  // Well before the 5 s the handler would have taken: the timeout stopped it.
  expect(row.finishedAt!.getTime() - row.createdAt.getTime()).toBeLessThan(4000);
});

it("leaves a job whose row was cancelled before it ran alone", async () => {
  // As if a client cancelled between the API's insert and the worker's pickup.
  const job = await env.submit("demo.fail", { failTimes: 0 }, { maxAttempts: 1, status: "cancelled" });
  // The entry is taken and fails as cancelled (a dashboard must not show it completed): there was nothing to run.
  await waitFor(async () => (await env.queues.work.cpu.getJobState(job.id)) === "failed", "the entry to be taken");
  expect((await env.queues.work.cpu.getJob(job.id))?.failedReason).toMatch(/^JobCancelledError: /);
  expect(await env.row(job.id)).toMatchObject({ status: "cancelled", attempts: 0, result: null, startedAt: null });
  expect((await timeline(job.id)).map(([status]) => status)).toEqual(["queued", "cancelled"]);
});

it("does not overwrite a cancellation that happened while the attempt ran", async () => {
  const job = await env.submit("demo.sleep", { ms: 600 });
  await env.waitForRow(job.id, (row) => row.status === "running", "the sleep to start");
  // As the engine's cancel does: the row moves, then the worker holding the entry is told through the cancel channel.
  const moved = await env.door.transition({ jobId: job.id }, { to: "cancelled", reason: "client asked" });
  expect(moved).not.toBeNull();
  expect(await withdrawEntry(env.queues, env.redis, moved!, "client asked")).toBe("signalled");
  // Its entry fails as cancelled, not completed, so the dashboard agrees with the row.
  await waitFor(async () => (await env.queues.work.cpu.getJobState(job.id)) === "failed", "the attempt to end");
  expect((await env.queues.work.cpu.getJob(job.id))?.failedReason).toMatch(/^JobCancelledError: /);
  expect(await env.row(job.id)).toMatchObject({ status: "cancelled", result: null });
  expect((await timeline(job.id)).map(([status]) => status)).toEqual(["queued", "running", "cancelled"]);
});

it("serves /healthz and counts outcomes on /metrics", async () => {
  const base = `http://127.0.0.1:${worker.ready.port}`;
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  const count = (metrics: string, outcome: string): number =>
    Number(new RegExp(`jobline_worker_jobs_total\\{queue="cpu",outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1]);
  // This worker ran only this file's jobs: echo, fail×2 and sleep completed; fail×1 (the stack's), fail×5, permanent,
  // invalid payload and timeout failed; two retries for each of the two demo.fail jobs that retried, one for the
  // timeout; two cancelled rows.
  const expected = [3, 5, 5, 2, 0];
  const outcomes = ["completed", "retried", "failed", "skipped", "requeued"];
  // The last outcome is counted a moment after the row is written: poll rather than race it.
  const metrics = await waitFor(
    async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return outcomes.every((outcome, index) => count(text, outcome) === expected[index]) && text;
    },
    "the expected counts",
    5000,
  ).catch(async () => (await fetch(`${base}/metrics`)).text());
  expect(metrics).toContain("# TYPE jobline_worker_jobs_total counter");
  expect(outcomes.map((outcome) => count(metrics, outcome))).toEqual(expected);
  expect(metrics).toContain('jobline_worker_jobs_active{queue="cpu"} 0');
  expect((await fetch(`${base}/nope`)).status).toBe(404);
});

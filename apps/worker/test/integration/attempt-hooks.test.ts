/**
 * Hooks around attempts: the real lifecycle in a BullMQ worker in this process (so the test can register its own
 * hooks), against real Postgres and Redis.
 */
import { Writable } from "node:stream";
import { jobCatalogue } from "@jobline/contract";
import { waitFor } from "@jobline/testing";
import { pino } from "pino";
import type { AttemptHook, HookedOutcome } from "../../src/handlers/hook";
import { createWorkerMetrics, type WorkerMetrics } from "../../src/metrics";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { startInProcessWorker, type InProcessWorker } from "../support/in-process-worker";

jest.setTimeout(30_000);

let env: TestEnvironment;
let worker: InProcessWorker;
let metrics: WorkerMetrics;
const logLines: Array<Record<string, unknown>> = [];
const calls: string[] = [];
const outcomes = new Map<string, HookedOutcome>();
/** What the test's hooks should do to a job: said in its payload, so it holds from the first pickup. */
interface HookBehaviour {
  beforeThrowsOnAttempt?: number;
  afterThrows?: boolean;
}
const behaviour = (payload: unknown): HookBehaviour => (payload as { hooks?: HookBehaviour }).hooks ?? {};

const tracing: AttemptHook = {
  name: "tracing",
  before(attempt) {
    calls.push(`tracing.before ${attempt.jobId} #${attempt.attempt}`);
    attempt.logFields.traceId = `trace-${attempt.jobId}`;
  },
  after(attempt, outcome) {
    calls.push(`tracing.after ${attempt.jobId} #${attempt.attempt}`);
    outcomes.set(`${attempt.jobId}#${attempt.attempt}`, outcome);
  },
};

const flaky: AttemptHook = {
  name: "flaky",
  before(attempt) {
    calls.push(`flaky.before ${attempt.jobId} #${attempt.attempt}`);
    if (behaviour(attempt.payload).beforeThrowsOnAttempt === attempt.attempt) throw new Error("the resource is not there yet");
  },
  after(attempt) {
    calls.push(`flaky.after ${attempt.jobId} #${attempt.attempt}`);
    if (behaviour(attempt.payload).afterThrows) throw new Error("closing failed");
  },
};

beforeAll(async () => {
  env = await createTestEnvironment();
  metrics = createWorkerMetrics(["cpu"]);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  worker = await startInProcessWorker(env, {
    catalogue: jobCatalogue({ demoJobs: true }),
    logger,
    metrics,
    hooks: [tracing, flaky],
    concurrency: 2,
  });
});

afterAll(async () => {
  await worker?.close();
  await env?.teardown();
});

const finished = (row: { status: string }): boolean => ["completed", "failed", "cancelled"].includes(row.status);

function callsFor(jobId: string): string[] {
  return calls.filter((call) => call.includes(jobId)).map((call) => call.replace(` ${jobId}`, ""));
}

it("runs every before in order, then every after in reverse, around a completed attempt with its result", async () => {
  const job = await env.submit("demo.echo", { hello: "hooks" });
  await env.waitForRow(job.id, finished, "the job to finish");
  expect(callsFor(job.id)).toEqual(["tracing.before #1", "flaky.before #1", "flaky.after #1", "tracing.after #1"]);
  expect(outcomes.get(`${job.id}#1`)).toMatchObject({ ok: true, result: { hello: "hooks" } });
  expect(outcomes.get(`${job.id}#1`)?.durationMs).toBeGreaterThanOrEqual(0);
});

it("carries a field a before hook added on the attempt's later log lines", async () => {
  const job = await env.submit("demo.echo", { n: 1 });
  await env.waitForRow(job.id, finished, "the job to finish");
  const completed = await waitFor(
    async () => logLines.find((line) => line.jobId === job.id && line.msg === "attempt completed"),
    "the completion line",
  );
  expect(completed.traceId).toBe(`trace-${job.id}`);
});

it("carries the submitting request's id on the attempt's log lines", async () => {
  const job = await env.submit("demo.echo", { n: 2 }, { requestId: "request-of-the-test" });
  await env.waitForRow(job.id, finished, "the job to finish");
  const completed = await waitFor(
    async () => logLines.find((line) => line.jobId === job.id && line.msg === "attempt completed"),
    "the completion line",
  );
  expect(completed).toMatchObject({ requestId: "request-of-the-test", traceId: `trace-${job.id}`, type: "demo.echo" });
});

it("gives the after hooks a failed attempt's error", async () => {
  const job = await env.submit("demo.fail", { failTimes: 5, retryable: false });
  const row = await env.waitForRow(job.id, finished, "the job to fail");
  expect(row.status).toBe("failed");
  const outcome = outcomes.get(`${job.id}#1`);
  expect(outcome?.ok).toBe(false);
  expect(outcome && !outcome.ok && outcome.error.message).toContain("attempt 1 fails");
});

it("reports an after hook that throws and still records the job's outcome", async () => {
  const job = await env.submit("demo.echo", { hooks: { afterThrows: true } });
  const row = await env.waitForRow(job.id, finished, "the job to finish");
  expect(row).toMatchObject({ status: "completed", result: { hooks: { afterThrows: true } } });
  expect(callsFor(job.id)).toContain("tracing.after #1");
  expect(await metrics.render()).toMatch(/jobline_worker_hook_errors_total\{hook="flaky",phase="after"\} [1-9]/);
});

it("fails the attempt when a before hook throws, leaves the hooks already entered, and the retry completes the job", async () => {
  const job = await env.submit("demo.fail", { failTimes: 0, hooks: { beforeThrowsOnAttempt: 1 } });
  const row = await env.waitForRow(job.id, finished, "the job to finish");
  expect(row).toMatchObject({ status: "completed", result: { succeededOnAttempt: 2 } });
  expect(callsFor(job.id)).toEqual([
    "tracing.before #1",
    "flaky.before #1",
    "tracing.after #1",
    "tracing.before #2",
    "flaky.before #2",
    "flaky.after #2",
    "tracing.after #2",
  ]);
  const retrying = await env.prisma.jobEvent.findFirstOrThrow({ where: { jobId: job.id, status: "retrying" } });
  expect(retrying.detail).toMatchObject({ name: "AttemptHookError", message: expect.stringContaining("the resource is not there yet") });
  expect(await metrics.render()).toMatch(/jobline_worker_hook_errors_total\{hook="flaky",phase="before"\} [1-9]/);
});

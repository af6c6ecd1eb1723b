/**
 * The reconciler against real Postgres and Redis: queue entries lost or finished behind the rows' backs, and the
 * dead-letter queue disagreeing with the failed rows (made so directly, then one pass).
 * Passes run in this process (`reconcileOnce`) where the test needs to see the repair; the last test lets the
 * built worker's own periodic reconciler find the job.
 */
import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { pino } from "pino";
import { failureFingerprint, type JobRow } from "@jobline/db";
import { deadLetterData } from "@jobline/engine";
import { createRedisConnection, type DeadLetterData } from "@jobline/queues";
import { testRedisUrl } from "@jobline/testing";
import { createDeadLetterFiler } from "../../src/dead-letter-filer";
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

describe("the dead-letter queue kept in step with the failed rows", () => {
  // Each test makes its own disagreement: the rows and entries of the tests before are gone.
  beforeEach(async () => {
    await env.prisma.job.deleteMany();
    await env.queues.deadLetter.obliterate({ force: true });
    await env.queues.work.cpu.obliterate({ force: true });
  });

  /** A job whose row says failed while the dead-letter queue has no entry for it (the failure's add was lost). */
  async function failedWithoutDeadLetter(message: string): Promise<JobRow> {
    const job = await env.submit("demo.echo", { message }, { maxAttempts: 1 });
    await env.queues.work.cpu.remove(job.id);
    await env.door.transition({ jobId: job.id }, { to: "running" });
    const error = { name: "Error", message, attempt: 1 };
    await env.door.transition(
      { jobId: job.id },
      { to: "failed", attempt: 1, error, fingerprint: failureFingerprint({ type: job.type, ...error }) },
    );
    return env.row(job.id);
  }

  function deadLetterOf(job: JobRow): DeadLetterData {
    return deadLetterData(job, { name: "Error", message: "an earlier failure", attempt: 1 }, []);
  }

  /** Runs the worker's dead-letter filer until `count` dead letters are among the failed entries. */
  async function fileDeadLetters(count: number): Promise<void> {
    const connection = createRedisConnection(testRedisUrl, { blocking: true });
    const filer = createDeadLetterFiler({ connection, prefix: env.prefix, logger: pino({ level: "silent" }) });
    try {
      await waitFor(async () => ((await env.queues.deadLetter.getFailedCount()) >= count ? true : undefined), "the filed dead letters");
    } finally {
      await filer.close();
      connection.disconnect();
    }
  }

  it("files the dead letter of a failed job that has none, with the row's error and payload", async () => {
    const job = await failedWithoutDeadLetter("lost in a re-drive race");

    const report = await reconcileOnce(deps);

    expect(report?.deadLetters).toMatchObject({ filed: 1, removed: 0 });
    expect((await env.queues.deadLetter.getJob(job.id))?.data).toMatchObject({
      jobId: job.id,
      type: "demo.echo",
      payload: { message: "lost in a re-drive race" },
      error: { name: "Error", message: "lost in a re-drive race" },
    });
    expect((await reconcileOnce(deps))?.deadLetters).toMatchObject({ filed: 0, removed: 0 });
  });

  it("takes back the dead letter it filed when the job was re-driven at that moment", async () => {
    const job = await failedWithoutDeadLetter("re-driven meanwhile");
    // The real queue, but a re-drive's row move lands right after the repair's add (the re-drive's own removal of
    // the dead letter came before the add: the row moves first, and this one removed nothing).
    const deadLetterQueue = env.queues.deadLetter;
    const racing: typeof deadLetterQueue = Object.create(deadLetterQueue);
    racing.add = async (...args) => {
      const added = await deadLetterQueue.add(...args);
      await env.door.transition({ jobId: job.id }, { to: "queued" });
      return added;
    };

    const report = await reconcileOnce({ ...deps, queues: { ...env.queues, deadLetter: racing } });

    expect(report?.deadLetters).toMatchObject({ filed: 0 });
    expect(await env.queues.deadLetter.getJob(job.id)).toBeUndefined();
    expect(await env.row(job.id)).toMatchObject({ status: "queued" });
  });

  it("leaves a failed job that moved within the grace to its worker, which is adding the dead letter", async () => {
    const job = await failedWithoutDeadLetter("just failed");

    expect((await reconcileOnce({ ...deps, graceMs: 60_000 }))?.deadLetters).toMatchObject({ filed: 0 });
    expect(await env.queues.deadLetter.getJob(job.id)).toBeUndefined();
  });

  it("removes a dead letter whose job does not exist (a database reset under a kept Redis)", async () => {
    const ghost = randomUUID();
    await env.queues.deadLetter.add("demo.echo", { jobId: ghost } as never, { jobId: ghost });

    expect((await reconcileOnce(deps))?.deadLetters).toMatchObject({ removed: 1 });
    expect(await env.queues.deadLetter.getJob(ghost)).toBeUndefined();
  });

  it("removes a dead letter whose job was re-driven or cancelled, and keeps a failed job's", async () => {
    const failed = await failedWithoutDeadLetter("still failed");
    const redriven = await env.submit("demo.echo", { redriven: true });
    const cancelled = await env.submit("demo.echo", { cancelled: true }, { status: "cancelled" });
    // One dead letter already filed among the failed entries, the others still waiting: both kinds are looked at.
    await env.queues.deadLetter.add("demo.echo", deadLetterOf(redriven), { jobId: redriven.id });
    await fileDeadLetters(1);
    for (const job of [failed, cancelled]) await env.queues.deadLetter.add("demo.echo", deadLetterOf(job), { jobId: job.id });

    expect((await reconcileOnce(deps))?.deadLetters).toMatchObject({ filed: 0, removed: 2 });
    expect(await env.queues.deadLetter.getJob(failed.id)).toBeDefined();
    expect(await env.queues.deadLetter.getJob(redriven.id)).toBeUndefined();
    expect(await env.queues.deadLetter.getJob(cancelled.id)).toBeUndefined();
  });

  it("works through more dead letters than one batch in a pass", async () => {
    const ghosts = Array.from({ length: 450 }, () => randomUUID());
    await env.queues.deadLetter.addBulk(ghosts.map((id) => ({ name: "demo.echo", data: { jobId: id } as never, opts: { jobId: id } })));

    expect((await reconcileOnce(deps))?.deadLetters).toMatchObject({ entriesChecked: 450, removed: 450 });
    expect(await env.queues.deadLetter.count()).toBe(0);
  });
});

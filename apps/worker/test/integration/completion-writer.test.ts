/**
 * The write-behind completion against real Postgres and Redis: rows written in sets behind their attempts, never
 * against a decision made meanwhile, and recorded by the reconciler from the finished entry when the worker that ran
 * the attempt was killed before its row was written.
 */
import { pino } from "pino";
import { deferStart } from "@jobline/engine";
import type { JobChange, MovedJob } from "@jobline/db";
import { waitFor } from "@jobline/testing";
import { createCompletionWriter, type PendingCompletion } from "../../src/completion-writer";
import { reconcileOnce } from "../../src/reconciler";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";

jest.setTimeout(60_000);

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

/** A picked-up attempt of a fresh job, as the processor hands it over when its handler returned. */
async function finishedAttempt(payload: unknown, onWritten: (row: MovedJob | null) => void = () => undefined): Promise<PendingCompletion> {
  const job = await env.submit("demo.echo", payload);
  const runnable = await env.door.runnable(job.id);
  const start = deferStart(env.door, job.id, runnable!.updatedAt, 60_000, () => undefined);
  return { start, attempt: 1, result: payload, finishedAt: new Date(), onWritten, onFailed: (error) => fail(error) };
}

it("writes the completions handed over together in a few sets, with the handler's return time as finished_at", async () => {
  const writer = createCompletionWriter(env.door, { maxPending: 100 });
  const attempts = await Promise.all(Array.from({ length: 40 }, (_, n) => finishedAttempt({ n })));
  const sets: (readonly JobChange[])[] = [];
  const stopListening = env.door.onChange((changes) => sets.push(changes));
  for (const attempt of attempts) await writer.hand(attempt);
  await writer.flush();
  stopListening();

  expect(sets.length).toBeLessThanOrEqual(3);
  for (const attempt of attempts) {
    const row = await env.row(attempt.start.jobId);
    expect(row).toMatchObject({ status: "completed", result: attempt.result, attempts: 1 });
    expect(row.finishedAt).toEqual(attempt.finishedAt);
    expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(attempt.finishedAt.getTime());
  }
});

it("leaves a row cancelled while its attempt ran cancelled, without its result", async () => {
  const writer = createCompletionWriter(env.door, { maxPending: 100 });
  let written: MovedJob | null | undefined;
  const attempt = await finishedAttempt({ cancelled: true }, (row) => (written = row));
  await env.door.transition({ jobId: attempt.start.jobId }, { to: "cancelled", reason: "the client changed its mind" });
  await writer.hand(attempt);
  await writer.flush();

  expect(written).toBeNull();
  expect(await env.row(attempt.start.jobId)).toMatchObject({ status: "cancelled", result: null });
});

it("never moves a row back: a completion written twice leaves the first one", async () => {
  const writer = createCompletionWriter(env.door, { maxPending: 100 });
  const first = await finishedAttempt({ first: true });
  await writer.hand(first);
  await writer.flush();
  const before = await env.row(first.start.jobId);
  let again: MovedJob | null | undefined;
  const retried = deferStart(env.door, first.start.jobId, first.start.readAt, 60_000, () => undefined);
  await writer.hand({ ...first, start: retried, result: { second: true }, finishedAt: new Date(), onWritten: (row) => (again = row) });
  await writer.flush();

  expect(again).toBeNull();
  expect(await env.row(first.start.jobId)).toEqual(before);
});

it("records a job whose worker was killed after its entry completed and before its row was written", async () => {
  const job = await env.submit("demo.echo", { killed: true });
  // Holding the row's lock keeps the worker's completion waiting in Postgres, past the entry's completion.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => (locked = resolve));
  const holding = env.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM jobs WHERE id = ${job.id}::uuid FOR UPDATE`;
      locked();
      await released;
    },
    { timeout: 60_000 },
  );
  await lockTaken;
  const worker = await env.startWorker({ WORKER_QUEUES: "cpu", RECONCILE_INTERVAL_MS: "600000" });
  await waitFor(async () => (await env.queues.work.cpu.getJobState(job.id)) === "completed", "the entry to complete");
  await worker.stop("SIGKILL");
  // The killed worker's statement still waits on the lock in its backend: end it, as a crash of its connection would.
  await env.prisma.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;
  release();
  await holding;
  expect(await env.row(job.id)).toMatchObject({ status: "queued" });

  const deps = { prisma: env.prisma, door: env.door, queues: env.queues, logger: pino({ level: "silent" }), graceMs: 0 };
  expect(await reconcileOnce(deps)).toMatchObject({ repaired: { completed: 1 } });
  expect(await env.row(job.id)).toMatchObject({ status: "completed", result: { killed: true }, attempts: 1 });
});

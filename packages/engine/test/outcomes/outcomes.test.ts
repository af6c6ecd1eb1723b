/**
 * An attempt's outcomes (src/outcomes) against real Postgres and Redis: what the worker's lifecycle and the reconciler
 * both record through. Jobs are created through the door as the API creates them, then moved as a worker moves them.
 */
import { failureFingerprint, type JobDoor, type MovedJob, type Transition } from "@jobline/db";
import type { JobQueues } from "@jobline/queues";
import {
  silentLog,
  createTestDatabase,
  deleteQueuePrefix,
  queuedJob,
  testRedisUrl,
  uniqueQueuePrefix,
  type TestDatabase,
} from "@jobline/testing";
import { createEngine, type Engine } from "../../src/create-engine";
import { deferStart } from "../../src/outcomes/attempt-start";
import { completeAttempt, completeDeferredAttempt } from "../../src/outcomes/complete-attempt";
import { failAttempt, type FailureStores } from "../../src/outcomes/fail-attempt";
import { retryAttempt } from "../../src/outcomes/retry-attempt";

jest.setTimeout(30_000);

let db: TestDatabase;
let prefix: string;
let engine: Engine;
let ownerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = uniqueQueuePrefix();
  engine = createEngine({
    databaseUrl: db.url,
    redisUrl: testRedisUrl,
    queuePrefix: prefix,
    role: "worker",
    poolSize: 4,
    logger: silentLog,
  });
  ownerId = (await engine.database.prisma.owner.create({ data: { name: `owner-${prefix}`, webhookSecret: "test-secret" } })).id;
});

afterAll(async () => {
  await engine?.close();
  await db?.drop();
  if (prefix) await deleteQueuePrefix(prefix);
});

const boom = (attempt: number) => ({ message: "boom", name: "Error", attempt, stack: "Error: boom\n    at handler" });

/** A queued job, moved on by `moves`. */
async function job(...moves: Transition[]): Promise<string> {
  const created = queuedJob(ownerId, { type: "demo.echo" });
  await engine.door.create([{ jobs: [created] }], async () => undefined);
  for (const move of moves)
    if (!(await engine.door.transition({ jobId: created.id }, move))) throw new Error(`could not move to ${move.to}`);
  return created.id;
}

const timeline = async (jobId: string): Promise<string[]> =>
  (await engine.database.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } })).map((event) => event.status);
const stores = (): FailureStores => ({ prisma: engine.database.prisma, door: engine.door, queues: engine.queues });
const row = (jobId: string) => engine.database.prisma.job.findUniqueOrThrow({ where: { id: jobId } });

test("a completion whose start was never written records the start in the same write", async () => {
  const jobId = await job();
  const startedAt = new Date(Date.now() - 50);
  expect(await completeAttempt(engine.door, { jobId, attempt: 1, result: { n: 1 }, unwrittenStart: { startedAt } })).toMatchObject({
    status: "completed",
    attempts: 1,
    startedAt,
  });
  expect(await timeline(jobId)).toEqual(["queued", "running", "completed"]);
});

test("a completion of a row cancelled meanwhile records nothing", async () => {
  const jobId = await job({ to: "running" }, { to: "cancelled", reason: "client asked" });
  expect(await completeAttempt(engine.door, { jobId, attempt: 1, result: { n: 1 } }, { durable: true })).toBeNull();
  expect(await row(jobId)).toMatchObject({ status: "cancelled", result: null });
});

test("a deferred attempt's completion carries its start when the start was never written", async () => {
  const jobId = await job();
  const { updatedAt } = await row(jobId);
  const start = deferStart(engine.door, jobId, updatedAt, 60_000, () => undefined);
  expect(await completeDeferredAttempt(engine.door, start, 1, "quick")).toMatchObject({
    status: "completed",
    attempts: 1,
    startedAt: start.startedAt,
  });
  expect(await timeline(jobId)).toEqual(["queued", "running", "completed"]);
});

test("a deferred attempt's completion after its written start is the completion alone", async () => {
  const jobId = await job();
  const start = deferStart(engine.door, jobId, (await row(jobId)).updatedAt, 60_000, () => undefined);
  await start.ensure();
  expect(await completeDeferredAttempt(engine.door, start, 1, "slow")).toMatchObject({ status: "completed", attempts: 1 });
  expect(await timeline(jobId)).toEqual(["queued", "running", "completed"]);
});

test("a deferred attempt whose written start Postgres lost writes the start again with the completion", async () => {
  const jobId = await job();
  // The start's write answered, but the row never took it (an asynchronous commit lost in a crash).
  const losingStarts: JobDoor = {
    ...engine.door,
    transition: (target, transition, options) =>
      transition.to === "running" ? Promise.resolve({ id: jobId } as MovedJob) : engine.door.transition(target, transition, options),
  };
  const start = deferStart(losingStarts, jobId, (await row(jobId)).updatedAt, 60_000, () => undefined);
  await start.ensure();
  expect(await completeDeferredAttempt(engine.door, start, 1, "kept")).toMatchObject({ status: "completed", attempts: 1 });
  expect(await row(jobId)).toMatchObject({ result: "kept" });
});

test("a deferred attempt's completion after its start found the row moved on records nothing", async () => {
  const jobId = await job();
  const start = deferStart(engine.door, jobId, (await row(jobId)).updatedAt, 60_000, () => undefined);
  await engine.door.transition({ jobId }, { to: "cancelled", reason: "client asked" });
  expect(await start.ensure()).toBeNull();
  expect(await completeDeferredAttempt(engine.door, start, 1, "late")).toBeNull();
  expect(await row(jobId)).toMatchObject({ status: "cancelled", result: null });
});

test("a retry moves a running job to retrying with the attempt's error", async () => {
  const jobId = await job({ to: "running" });
  expect(await retryAttempt(engine.door, { jobId, attempt: 1, error: boom(1) })).toMatchObject({ status: "retrying" });
  expect(await row(jobId)).toMatchObject({ status: "retrying", error: { message: "boom", name: "Error", attempt: 1 } });
});

test("a retry of a job that is not running records nothing", async () => {
  const jobId = await job();
  expect(await retryAttempt(engine.door, { jobId, attempt: 1, error: boom(1) })).toBeNull();
  expect(await row(jobId)).toMatchObject({ status: "queued", error: null });
});

test("a failure records the error with its fingerprint, then dead-letters the job with its history", async () => {
  const jobId = await job({ to: "running" });
  const errors: unknown[] = [];
  const failed = await failAttempt(
    stores(),
    { jobId, type: "demo.echo", attempt: 1, error: boom(1) },
    { log: { error: (details) => errors.push(details) } },
  );

  expect(failed).toMatchObject({ status: "failed" });
  expect(await row(jobId)).toMatchObject({
    error: { message: "boom", attempt: 1 },
    fingerprint: failureFingerprint({ type: "demo.echo", name: "Error", message: "boom" }),
  });
  const letter = (await engine.queues.deadLetter.getJob(jobId))!.data;
  expect(letter).toMatchObject({
    jobId,
    type: "demo.echo",
    queue: "cpu",
    payload: { n: 1 },
    error: { message: "boom", name: "Error", stack: "Error: boom\n    at handler" },
  });
  expect(letter.attempts.map((entry) => entry.status)).toEqual(["queued", "running", "failed"]);
  expect(errors).toEqual([]);
});

test("a failure of a row that moved on records nothing and dead-letters nothing", async () => {
  const jobId = await job({ to: "cancelled", reason: "client asked" });
  expect(await failAttempt(stores(), { jobId, type: "demo.echo", attempt: 1, error: boom(1) }, { log: silentLog })).toBeNull();
  expect(await row(jobId)).toMatchObject({ status: "cancelled" });
  expect(await engine.queues.deadLetter.getJob(jobId)).toBeUndefined();
});

test("a dead letter that cannot be added is reported, and the failure stays recorded", async () => {
  const jobId = await job({ to: "running" });
  const queues = { ...engine.queues, deadLetter: { add: () => Promise.reject(new Error("redis went away")) } } as unknown as JobQueues;
  const errors: unknown[] = [];
  const failed = await failAttempt(
    { ...stores(), queues },
    { jobId, type: "demo.echo", attempt: 1, error: boom(1) },
    { log: { error: (details) => errors.push(details) } },
  );

  expect(failed).toMatchObject({ status: "failed" });
  expect(errors).toEqual([{ err: expect.objectContaining({ message: "redis went away" }) }]);
});

/**
 * The one door for status changes (packages/db/src/job-transitions.ts): allowed moves write the row and
 * append an event in one go; anything else (wrong status, wrong owner, a lost race) changes nothing.
 */
import { randomUUID } from "node:crypto";
import { allowedFrom, createApiKey, createPrismaClient, recordProgress, transitionJob, type PrismaClient, type Transition } from "@jobline/db";
import type { JobStatus } from "@jobline/jobs";
import { createTestDatabase, type TestDatabase } from "../src";
import { withClient } from "./support";

let db: TestDatabase;
let prisma: PrismaClient;
let ownerId: string;
let otherOwnerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url, { poolSize: 4 });
  ownerId = (await createApiKey(prisma, { owner: "alice", scopes: ["jobs:write"] })).owner.id;
  otherOwnerId = (await createApiKey(prisma, { owner: "bob", scopes: ["jobs:write"] })).owner.id;
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

async function jobIn(status: JobStatus, extra: { attempts?: number } = {}): Promise<string> {
  const id = randomUUID();
  await prisma.job.create({
    data: { id, ownerId, type: "test.echo", queue: "cpu", status, payload: { n: 1 }, maxAttempts: 3, timeoutMs: 1000, ...extra },
  });
  return id;
}

const snapshot = async (jobId: string) => ({
  row: await prisma.job.findUniqueOrThrow({ where: { id: jobId } }),
  events: await prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } }),
});

const failure = (attempt: number) => ({ message: "boom", name: "Error", attempt, stack: "Error: boom\n    at handler" });

const samples: Record<Transition["to"], Transition> = {
  running: { to: "running" },
  retrying: { to: "retrying", attempt: 1, error: failure(1) },
  completed: { to: "completed", attempt: 1, result: { ok: true } },
  failed: { to: "failed", attempt: 1, error: failure(1) },
  cancelled: { to: "cancelled", reason: "user asked" },
  queued: { to: "queued" },
};
const statuses: JobStatus[] = ["queued", "scheduled", "running", "retrying", "completed", "failed", "cancelled"];
const cases = statuses.flatMap((from) => Object.values(samples).map((t) => [from, t.to, t] as const));

test.each(cases)("from %s, a move to %s happens exactly when allowedFrom says so", async (from, to, transition) => {
  const jobId = await jobIn(from);
  const before = await snapshot(jobId);
  const moved = await transitionJob(prisma, { jobId }, transition);
  const after = await snapshot(jobId);
  if (allowedFrom[to].includes(from)) {
    expect(moved).toMatchObject({ id: jobId, status: to });
    expect(after.row.status).toBe(to);
    expect(after.events).toHaveLength(1);
    expect(after.events[0]).toMatchObject({ status: to });
  } else {
    expect(moved).toBeNull();
    expect(after).toEqual(before);
  }
});

test("a job's life appends one event per move, with attempts, results and errors where they belong", async () => {
  const jobId = await jobIn("queued");
  await transitionJob(prisma, { jobId, ownerId }, { to: "running" });
  await transitionJob(prisma, { jobId }, { to: "retrying", attempt: 1, error: failure(1) });
  await transitionJob(prisma, { jobId }, { to: "running" });
  const done = await transitionJob(prisma, { jobId }, { to: "completed", attempt: 2, result: { answer: 42 } });

  expect(done).toMatchObject({ status: "completed", attempts: 2, progress: 100, result: { answer: 42 }, error: null });
  expect(done!.finishedAt).toBeInstanceOf(Date);
  const { events } = await snapshot(jobId);
  expect(events.map((e) => [e.status, e.attempt])).toEqual([["running", 1], ["retrying", 1], ["running", 2], ["completed", 2]]);
  // Clients see the error without its stack; the timeline keeps the stack for operators.
  expect(events[1]!.detail).toEqual(failure(1));
  // "No error" is SQL NULL, as on a fresh row, not the JSON literal null.
  const nulls = await withClient(db.url, async (c) => (await c.query(`SELECT error IS NULL AS e FROM jobs WHERE id = $1`, [jobId])).rows[0]);
  expect(nulls).toEqual({ e: true });
});

test("running again after a crash (a stalled job picked up anew) counts the extra start", async () => {
  const jobId = await jobIn("running", { attempts: 1 });
  expect(await transitionJob(prisma, { jobId }, { to: "running" })).toMatchObject({ status: "running", attempts: 2 });
  expect((await snapshot(jobId)).events.map((e) => [e.status, e.attempt])).toEqual([["running", 2]]);
});

test("the public error leaves the stack out", async () => {
  const jobId = await jobIn("running", { attempts: 1 });
  const failed = await transitionJob(prisma, { jobId }, { to: "failed", attempt: 1, error: failure(1) });
  expect(failed!.error).toEqual({ message: "boom", name: "Error", attempt: 1 });
});

test("completed after cancelled returns null and changes nothing", async () => {
  const jobId = await jobIn("running", { attempts: 1 });
  expect(await transitionJob(prisma, { jobId }, { to: "cancelled", reason: "user asked" })).toMatchObject({ status: "cancelled" });
  const before = await snapshot(jobId);
  expect(await transitionJob(prisma, { jobId }, { to: "completed", attempt: 1, result: "late" })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
});

test("an owner-scoped move for another owner returns null and changes nothing", async () => {
  const jobId = await jobIn("queued");
  const before = await snapshot(jobId);
  expect(await transitionJob(prisma, { jobId, ownerId: otherOwnerId }, { to: "cancelled", reason: "not mine" })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
  expect(await transitionJob(prisma, { jobId, ownerId }, { to: "cancelled", reason: "mine" })).toMatchObject({ status: "cancelled" });
});

test("an unknown job moves nowhere", async () => {
  expect(await transitionJob(prisma, { jobId: randomUUID() }, { to: "running" })).toBeNull();
});

test("of a completion and a cancellation racing, exactly one wins and one event is written", async () => {
  const jobId = await jobIn("running", { attempts: 1 });
  const results = await Promise.all([
    transitionJob(prisma, { jobId }, { to: "completed", attempt: 1, result: null }),
    transitionJob(prisma, { jobId }, { to: "cancelled", reason: "race" }),
  ]);
  expect(results.filter((r) => r !== null)).toHaveLength(1);
  const { row, events } = await snapshot(jobId);
  expect(events.map((e) => e.status)).toEqual([row.status]);
});

test("a re-drive resets the failed job to queued with empty result and error", async () => {
  const jobId = await jobIn("running", { attempts: 3 });
  await transitionJob(prisma, { jobId }, { to: "failed", attempt: 3, error: failure(3) });
  const redriven = await transitionJob(prisma, { jobId }, { to: "queued" });
  expect(redriven).toMatchObject({ status: "queued", attempts: 0, progress: 0, result: null, error: null, startedAt: null, finishedAt: null });
  const row = await withClient(db.url, async (c) => (await c.query(`SELECT result IS NULL AS r, error IS NULL AS e FROM jobs WHERE id = $1`, [jobId])).rows[0]);
  expect(row).toEqual({ r: true, e: true });
});

test("recordProgress moves only a running job, clamps to 0..100 and writes no event", async () => {
  const running = await jobIn("running", { attempts: 1 });
  expect(await recordProgress(prisma, running, 40)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(40);
  expect(await recordProgress(prisma, running, 150)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(100);
  expect(await recordProgress(prisma, running, -5)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(0);
  expect(await recordProgress(prisma, running, Number.NaN)).toBe(false);
  expect((await snapshot(running)).row.progress).toBe(0);
  expect((await snapshot(running)).events).toEqual([]);

  for (const status of ["queued", "retrying", "completed", "cancelled"] as const) {
    const jobId = await jobIn(status);
    const before = await snapshot(jobId);
    expect(await recordProgress(prisma, jobId, 50)).toBe(false);
    expect(await snapshot(jobId)).toEqual(before);
  }
});

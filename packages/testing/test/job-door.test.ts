/**
 * The one door for every change of a job (packages/db job-door.ts): creation, transitions and progress are
 * set-based conditional writes; allowed moves write the row and append an event, anything else (wrong status,
 * wrong owner, a lost race) changes nothing; every committed change is announced once, in sequence order.
 * Jobs are built the way production builds them: created through the door, then moved through it.
 */
import { randomUUID } from "node:crypto";
import { allowedFrom, createApiKey, createDatabase, createJobDoor, type Database, type JobChange, type JobDoor, type NewJob, type Transition } from "@jobline/db";
import type { JobStatus } from "@jobline/contract";
import { createTestDatabase, queuedJob, type TestDatabase } from "../src";
import { withClient } from "./support";

let db: TestDatabase;
let database: Database;
let door: JobDoor;
let ownerId: string;
let otherOwnerId: string;
const announced: JobChange[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  database = createDatabase(db.url, { poolSize: 4 });
  door = createJobDoor(database);
  door.onChange((changes) => announced.push(...changes));
  ownerId = (await createApiKey(database.prisma, { owner: "alice", scopes: ["jobs:write"] })).owner.id;
  otherOwnerId = (await createApiKey(database.prisma, { owner: "bob", scopes: ["jobs:write"] })).owner.id;
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

const failure = (attempt: number) => ({ message: "boom", name: "Error", attempt, stack: "Error: boom\n    at handler" });

const enqueueNothing = async (): Promise<void> => undefined;

async function created(overrides: Partial<NewJob> = {}): Promise<string> {
  const job = queuedJob(ownerId, overrides);
  await door.create([{ jobs: [job] }], enqueueNothing);
  return job.id;
}

async function move(jobId: string, transition: Transition): Promise<void> {
  if (!(await door.transition({ jobId }, transition))) throw new Error(`could not move ${jobId} to ${transition.to}`);
}

/** A job in `status`, reached by the moves production makes. */
async function jobIn(status: JobStatus): Promise<string> {
  if (status === "scheduled") return created({ status: "scheduled", runAt: new Date(Date.now() + 60_000) });
  const jobId = await created();
  const path: Record<Exclude<JobStatus, "scheduled">, Transition[]> = {
    queued: [],
    running: [{ to: "running" }],
    retrying: [{ to: "running" }, { to: "retrying", attempt: 1, error: failure(1) }],
    completed: [{ to: "running" }, { to: "completed", attempt: 1, result: { ok: true } }],
    failed: [{ to: "running" }, { to: "failed", attempt: 1, error: failure(1), fingerprint: "fingerprint" }],
    cancelled: [{ to: "cancelled", reason: "user asked" }],
  };
  for (const transition of path[status]) await move(jobId, transition);
  return jobId;
}

const snapshot = async (jobId: string) => ({
  row: await database.prisma.job.findUniqueOrThrow({ where: { id: jobId } }),
  events: await database.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } }),
});

const samples: Record<Transition["to"], Transition> = {
  running: { to: "running" },
  retrying: { to: "retrying", attempt: 1, error: failure(1) },
  completed: { to: "completed", attempt: 1, result: { ok: true } },
  failed: { to: "failed", attempt: 1, error: failure(1), fingerprint: "fingerprint" },
  cancelled: { to: "cancelled", reason: "user asked" },
  queued: { to: "queued" },
  scheduled: { to: "scheduled", runAt: null },
};
const statuses: JobStatus[] = ["queued", "scheduled", "running", "retrying", "completed", "failed", "cancelled"];
const cases = statuses.flatMap((from) => Object.values(samples).map((t) => [from, t.to, t] as const));

test.each(cases)("from %s, a move to %s happens exactly when allowedFrom says so", async (from, to, transition) => {
  const jobId = await jobIn(from);
  const before = await snapshot(jobId);
  const moved = await door.transition({ jobId }, transition);
  const after = await snapshot(jobId);
  if (allowedFrom[to].includes(from)) {
    expect(moved).toMatchObject({ id: jobId, status: to });
    expect(after.row.status).toBe(to);
    expect(after.events.slice(before.events.length)).toEqual([expect.objectContaining({ status: to })]);
  } else {
    expect(moved).toBeNull();
    expect(after).toEqual(before);
  }
});

test("a promoted scheduled job stays scheduled with its runAt cleared and its attempts kept, and the timeline says it was promoted", async () => {
  const jobId = await jobIn("scheduled");

  const promoted = await door.transition({ jobId }, { to: "scheduled", runAt: null });

  expect(promoted).toMatchObject({ status: "scheduled", runAt: null, attempts: 0 });
  const { events } = await snapshot(jobId);
  expect(events.at(-1)).toMatchObject({ status: "scheduled", detail: { promoted: true } });
});

test("a job's life reads queued, running, retrying, running, completed, with attempts, results and errors where they belong", async () => {
  const jobId = await created();
  await door.transition({ jobId, ownerId }, { to: "running" });
  await door.transition({ jobId }, { to: "retrying", attempt: 1, error: failure(1) });
  await door.transition({ jobId }, { to: "running" });
  const done = await door.transition({ jobId }, { to: "completed", attempt: 2, result: { answer: 42 } });

  expect(done).toMatchObject({ status: "completed", attempts: 2, progress: 100, error: null });
  expect(done!.finishedAt).toBeInstanceOf(Date);
  const { row, events } = await snapshot(jobId);
  expect(row.result).toEqual({ answer: 42 });
  expect(events.map((e) => [e.status, e.attempt])).toEqual([["queued", 0], ["running", 1], ["retrying", 1], ["running", 2], ["completed", 2]]);
  // Clients see the error without its stack; the timeline keeps the stack for operators.
  expect(events[2]!.detail).toEqual(failure(1));
  // "No error" is SQL NULL, as on a fresh row, not the JSON literal null.
  const nulls = await withClient(db.url, async (c) => (await c.query(`SELECT error IS NULL AS e FROM jobs WHERE id = $1`, [jobId])).rows[0]);
  expect(nulls).toEqual({ e: true });
});

test("running again after a crash (a stalled job picked up anew) counts the extra start", async () => {
  const jobId = await jobIn("running");
  expect(await door.transition({ jobId }, { to: "running" })).toMatchObject({ status: "running", attempts: 2 });
  expect((await snapshot(jobId)).events.map((e) => [e.status, e.attempt])).toEqual([["queued", 0], ["running", 1], ["running", 2]]);
});

test("the public error leaves the stack out", async () => {
  const jobId = await jobIn("running");
  const failed = await door.transition({ jobId }, { to: "failed", attempt: 1, error: failure(1), fingerprint: "fingerprint" });
  expect(failed!.error).toEqual({ message: "boom", name: "Error", attempt: 1 });
});

test("completed after cancelled returns null and changes nothing", async () => {
  const jobId = await jobIn("running");
  expect(await door.transition({ jobId }, { to: "cancelled", reason: "user asked" })).toMatchObject({ status: "cancelled" });
  const before = await snapshot(jobId);
  expect(await door.transition({ jobId }, { to: "completed", attempt: 1, result: "late" })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
});

test("an owner-scoped move for another owner returns null and changes nothing", async () => {
  const jobId = await jobIn("queued");
  const before = await snapshot(jobId);
  expect(await door.transition({ jobId, ownerId: otherOwnerId }, { to: "cancelled", reason: "not mine" })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
  expect(await door.transition({ jobId, ownerId }, { to: "cancelled", reason: "mine" })).toMatchObject({ status: "cancelled" });
});

test("an unknown job moves nowhere", async () => {
  expect(await door.transition({ jobId: randomUUID() }, { to: "running" })).toBeNull();
});

test("of a completion and a cancellation racing, exactly one wins and one event is written", async () => {
  const jobId = await jobIn("running");
  const results = await Promise.all([
    door.transition({ jobId }, { to: "completed", attempt: 1, result: null }),
    door.transition({ jobId }, { to: "cancelled", reason: "race" }),
  ]);
  expect(results.filter((r) => r !== null)).toHaveLength(1);
  const { row, events } = await snapshot(jobId);
  expect(events.map((e) => e.status)).toEqual(["queued", "running", row.status]);
});

test("a re-drive resets the failed job to queued with empty result and error", async () => {
  const jobId = await jobIn("failed");
  const redriven = await door.transition({ jobId }, { to: "queued" });
  expect(redriven).toMatchObject({ status: "queued", attempts: 0, progress: 0, error: null, startedAt: null, finishedAt: null });
  const row = await withClient(db.url, async (c) => (await c.query(`SELECT result IS NULL AS r, error IS NULL AS e FROM jobs WHERE id = $1`, [jobId])).rows[0]);
  expect(row).toEqual({ r: true, e: true });
});

test("progress moves only a running job, clamps to 0..100 and writes no timeline event", async () => {
  const running = await jobIn("running");
  const eventsBefore = (await snapshot(running)).events;
  expect(await door.progress(running, 40)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(40);
  expect(await door.progress(running, 150)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(100);
  expect(await door.progress(running, -5)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(0);
  expect(await door.progress(running, Number.NaN)).toBe(false);
  expect((await snapshot(running)).row.progress).toBe(0);
  expect((await snapshot(running)).events).toEqual(eventsBefore);

  for (const status of ["queued", "retrying", "completed", "cancelled"] as const) {
    const jobId = await jobIn(status);
    const before = await snapshot(jobId);
    expect(await door.progress(jobId, 50)).toBe(false);
    expect(await snapshot(jobId)).toEqual(before);
  }
});

test("a progress report keeps its sequence number on the job, and the announced change carries it", async () => {
  const jobId = await jobIn("running");
  await door.progress(jobId, 30);
  const { row, events } = await snapshot(jobId);

  const change = announced.filter((c) => c.jobId === jobId).at(-1)!;
  expect(change).toMatchObject({ event: "progress", progress: 30, error: null, seq: String(row.progressSeq) });
  expect(row.progressSeq! > events.at(-1)!.id).toBe(true);
});

test("a move to retrying or failed announces the public error; other moves announce none", async () => {
  const retrying = await jobIn("retrying");
  await move(retrying, { to: "cancelled", reason: "user asked" });
  const failed = await jobIn("failed");
  const changes = announced.filter((c) => c.jobId === retrying || c.jobId === failed);

  expect(changes.filter((c) => c.error !== null).map((c) => [c.status, c.error])).toEqual([
    ["retrying", { message: "boom", name: "Error", attempt: 1 }],
    ["failed", { message: "boom", name: "Error", attempt: 1 }],
  ]);
});

test("a start written late is announced at the attempt's real start time, as its timeline event is dated", async () => {
  const jobId = await created();
  const startedAt = new Date(Date.now() - 100);
  await door.transition({ jobId }, { to: "running", startedAt });

  expect(announced.filter((c) => c.jobId === jobId).at(-1)).toMatchObject({ status: "running", at: startedAt });
});

test("a completion whose start was never written records both, at their own times, in one write", async () => {
  const jobId = await created();
  const startedAt = new Date(Date.now() - 5);
  const done = await door.transition({ jobId }, { to: "completed", attempt: 1, result: { quick: true }, startedAt });

  expect(done).toMatchObject({ status: "completed", attempts: 1, startedAt });
  expect(done!.seqs).toHaveLength(2);
  const { row, events } = await snapshot(jobId);
  expect(row.result).toEqual({ quick: true });
  expect(events.map((e) => [e.status, e.attempt])).toEqual([["queued", 0], ["running", 1], ["completed", 1]]);
  expect(events[1]!.createdAt).toEqual(startedAt);
  expect(announced.filter((c) => c.jobId === jobId).map((c) => [c.event, c.status, c.seq])).toEqual([
    ["created", "queued", String(events[0]!.id)],
    ["status", "running", String(events[1]!.id)],
    ["status", "completed", String(events[2]!.id)],
  ]);
});

test("a start-and-completion of a job cancelled meanwhile changes nothing", async () => {
  const jobId = await jobIn("cancelled");
  const before = await snapshot(jobId);
  expect(await door.transition({ jobId }, { to: "completed", attempt: 1, result: 1, startedAt: new Date() })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
});

test("runnable reads a job with its payload exactly when its status allows a start", async () => {
  for (const status of statuses) {
    const jobId = await jobIn(status);
    const runnable = await door.runnable(jobId);
    if (allowedFrom.running.includes(status)) expect(runnable).toMatchObject({ id: jobId, status, payload: { n: 1 } });
    else expect(runnable).toBeNull();
  }
  expect(await door.runnable(randomUUID())).toBeNull();
});

test("a start written late keeps the attempt's real start time", async () => {
  const jobId = await created();
  const startedAt = new Date(Date.now() - 100);
  expect(await door.transition({ jobId }, { to: "running", startedAt })).toMatchObject({ startedAt, attempts: 1 });
  expect((await snapshot(jobId)).events.at(-1)!.createdAt).toEqual(startedAt);
});

test("a job named in upper case moves and is answered like any other", async () => {
  const jobId = await created();
  expect(await door.transition({ jobId: jobId.toUpperCase() }, { to: "cancelled", reason: "shouting" })).toMatchObject({ id: jobId, status: "cancelled" });
});

test("an id that is not a job's (an entry made outside Jobline) reads and moves nothing, and fails none of its neighbours", async () => {
  const jobId = await created();
  const [foreign, ours] = await Promise.all([door.runnable("7"), door.runnable(jobId)]);
  expect(foreign).toBeNull();
  expect(ours).toMatchObject({ id: jobId });
  expect(await door.transition({ jobId: "7" }, { to: "running" })).toBeNull();
});

test("a late start refuses a row that moved since it was read, even back to a status a start may come from", async () => {
  const jobId = await created();
  const read = (await door.runnable(jobId))!;
  await door.transition({ jobId }, { to: "cancelled", reason: "client asked" });
  await door.transition({ jobId }, { to: "queued" });

  expect(await door.transition({ jobId }, { to: "running", startedAt: new Date(), ifUnmovedSince: read.updatedAt })).toBeNull();
  const quick = { to: "completed" as const, attempt: 1, result: "from before the cancel", startedAt: new Date(), ifUnmovedSince: read.updatedAt };
  expect(await door.transition({ jobId }, quick)).toBeNull();
  expect((await snapshot(jobId)).row).toMatchObject({ status: "queued", attempts: 0, result: null });
  // Unmoved, the same late start goes through.
  const fresh = (await door.runnable(jobId))!;
  expect(await door.transition({ jobId }, { to: "running", startedAt: new Date(), ifUnmovedSince: fresh.updatedAt })).toMatchObject({ status: "running" });
});

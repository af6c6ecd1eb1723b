/**
 * The door writes in sets: moves that arrive together share one statement, yet each caller gets its own answer,
 * a row Postgres refuses fails only its own caller, and every committed change is announced once, in order.
 */
import { randomUUID } from "node:crypto";
import { createApiKey, createDatabase, createJobDoor, type Database, type JobChange, type JobDoor } from "@jobline/db";
import { createTestDatabase, queuedJob, type TestDatabase } from "../src";

let db: TestDatabase;
let database: Database;
let door: JobDoor;
let ownerId: string;
let statements = 0;
const announced: JobChange[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  database = createDatabase(db.url, { poolSize: 4 });
  // Counts the statements the door sends, to see sets share one.
  const query = database.pool.query.bind(database.pool) as (...args: unknown[]) => unknown;
  (database.pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    statements += 1;
    return query(...args);
  };
  door = createJobDoor(database);
  door.onChange((changes) => announced.push(...changes));
  ownerId = (await createApiKey(database.prisma, { owner: "alice", scopes: ["jobs:write"] })).owner.id;
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

beforeEach(() => {
  announced.length = 0;
});

async function runningJobs(count: number): Promise<string[]> {
  const jobs = Array.from({ length: count }, () => queuedJob(ownerId));
  await door.create(
    jobs.map((job) => ({ jobs: [job] })),
    async () => undefined,
  );
  await Promise.all(jobs.map((job) => door.transition({ jobId: job.id }, { to: "running" })));
  return jobs.map((job) => job.id);
}

test("many submissions are created by one statement, each with its rows and first event, announced after their entries are enqueued", async () => {
  const jobs = Array.from({ length: 5 }, () => queuedJob(ownerId));
  const before = statements;
  const enqueued: string[] = [];
  const outcomes = await door.create([{ jobs: jobs.slice(0, 2) }, { jobs: jobs.slice(2) }], async (rows) => {
    expect(announced).toEqual([]);
    enqueued.push(...rows.map((row) => row.id));
  });
  expect(statements - before).toBe(1);
  expect(outcomes.map((o) => (o.kind === "created" ? o.rows.map((r) => r.id) : []))).toEqual([
    jobs.slice(0, 2).map((j) => j.id),
    jobs.slice(2).map((j) => j.id),
  ]);
  expect(enqueued.sort()).toEqual(jobs.map((j) => j.id).sort());
  expect(announced.map((c) => [c.event, c.status])).toEqual(jobs.map(() => ["created", "queued"]));
});

test("a failed enqueue takes the rows back and announces nothing", async () => {
  const job = queuedJob(ownerId);
  await expect(door.create([{ jobs: [job] }], () => Promise.reject(new Error("redis said no")))).rejects.toThrow("redis said no");
  expect(await database.prisma.job.count({ where: { id: job.id } })).toBe(0);
  expect(announced).toEqual([]);
});

test("moves that arrive together share a statement and each caller gets its own row or null", async () => {
  const ids = await runningJobs(20);
  const unknown = randomUUID();
  const before = statements;
  const results = await Promise.all(
    [...ids, unknown].map((jobId) => door.transition({ jobId }, { to: "completed", attempt: 1, result: { jobId } })),
  );
  // The first two go at once (two writes may be in flight); the rest gather for the next write.
  expect(statements - before).toBe(3);
  expect(results.slice(0, -1).map((r) => r?.id)).toEqual(ids);
  expect(results.at(-1)).toBeNull();
  const rows = await database.prisma.job.findMany({ where: { id: { in: ids } } });
  expect(rows.every((row) => row.status === "completed" && (row.result as { jobId: string }).jobId === row.id)).toBe(true);
});

test("a row Postgres refuses fails only its own caller", async () => {
  const ids = await runningJobs(6);
  // jsonb cannot hold U+0000: this one result makes the whole set's statement fail.
  const results = await Promise.allSettled(
    ids.map((jobId, i) =>
      door.transition({ jobId }, { to: "completed", attempt: 1, result: i === 3 ? { text: "a\u0000b" } : { ok: true } }),
    ),
  );
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
  const statuses = await database.prisma.job.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  expect(statuses.filter((s) => s.status === "completed")).toHaveLength(5);
});

test("one job's two moves never share a statement: one of them wins, the other sees its outcome", async () => {
  const [jobId] = await runningJobs(1);
  const results = await Promise.all([
    door.transition({ jobId: jobId! }, { to: "completed", attempt: 1, result: 1 }),
    door.transition({ jobId: jobId! }, { to: "completed", attempt: 1, result: 2 }),
  ]);
  expect(results.filter((result) => result !== null)).toHaveLength(1);
  expect(await database.prisma.jobEvent.count({ where: { jobId: jobId!, status: "completed" } })).toBe(1);
});

test("every committed change is announced once, with increasing sequence numbers that match the timeline", async () => {
  const [jobId] = await runningJobs(1);
  await door.progress(jobId!, 50);
  await door.transition({ jobId: jobId! }, { to: "completed", attempt: 1, result: null });
  const mine = announced.filter((c) => c.jobId === jobId);
  expect(mine.map((c) => [c.event, c.status, c.attempt, c.progress])).toEqual([
    ["created", "queued", 0, 0],
    ["status", "running", 1, 0],
    ["progress", "running", 1, 50],
    ["status", "completed", 1, 100],
  ]);
  const seqs = mine.map((c) => BigInt(c.seq));
  expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
  const events = await database.prisma.jobEvent.findMany({ where: { jobId: jobId! }, orderBy: { id: "asc" } });
  // Progress takes a number from the same sequence but is not a timeline event.
  expect(events.map((e) => String(e.id))).toEqual([mine[0]!.seq, mine[1]!.seq, mine[3]!.seq]);
});

test("a listener that throws does not stop the others or the write", async () => {
  const errors: unknown[] = [];
  const other = createJobDoor(database, { onListenerError: (error) => errors.push(error) });
  const seen: string[] = [];
  other.onChange(() => {
    throw new Error("listener bug");
  });
  other.onChange((changes) => seen.push(...changes.map((c) => c.jobId)));
  const job = queuedJob(ownerId);
  await other.create([{ jobs: [job] }], async () => undefined);
  expect(seen).toEqual([job.id]);
  expect(errors).toEqual([expect.objectContaining({ message: "listener bug" })]);
});

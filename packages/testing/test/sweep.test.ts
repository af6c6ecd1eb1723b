/**
 * Retention in Postgres (packages/db/src/sweep.ts): finished jobs go after their own window, in batches, with
 * their events; recent and unfinished jobs stay; only one sweeper runs at a time.
 */
import { randomUUID } from "node:crypto";
import { createApiKey, createPrismaClient, sweepFinishedJobs, tryAdvisoryLock, type PrismaClient } from "@jobline/db";
import type { JobStatus } from "@jobline/contract";
import { createTestDatabase, type TestDatabase } from "../src";

let db: TestDatabase;
let prisma: PrismaClient;
let ownerId: string;
const now = new Date("2026-11-24T12:00:00.000Z");
const daysAgo = (days: number): Date => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url, { poolSize: 4 });
  ownerId = (await createApiKey(prisma, { owner: "alice", scopes: ["jobs:write"] })).owner.id;
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** A job that last changed `age` days ago, with one event on its timeline. */
async function jobAged(status: JobStatus, age: number): Promise<string> {
  const id = randomUUID();
  const at = daysAgo(age);
  await prisma.job.create({
    data: {
      id,
      ownerId,
      type: "demo.echo",
      queue: "cpu",
      status,
      payload: {},
      maxAttempts: 1,
      timeoutMs: 1000,
      createdAt: at,
      updatedAt: at,
    },
  });
  await prisma.jobEvent.create({ data: { jobId: id, status, attempt: 0, createdAt: at } });
  return id;
}

test("deletes each finished status after its own window, with its events, and keeps the rest", async () => {
  const gone = [await jobAged("completed", 31), await jobAged("cancelled", 31), await jobAged("failed", 91)];
  const kept = [
    await jobAged("completed", 29),
    await jobAged("cancelled", 29),
    await jobAged("failed", 31), // failed jobs have a longer window
    await jobAged("failed", 89),
    // Never a job that has not finished, however old.
    ...(await Promise.all((["queued", "scheduled", "running", "retrying"] as const).map((status) => jobAged(status, 400)))),
  ];

  const counts = await sweepFinishedJobs(prisma, { jobRetentionDays: 30, failedJobRetentionDays: 90, now, batchSize: 2 });

  expect(counts).toEqual({ completed: 1, cancelled: 1, failed: 1, idempotencyKeys: 0 });
  const left = await prisma.job.findMany({ where: { id: { in: [...gone, ...kept] } }, select: { id: true } });
  expect(left.map((row) => row.id).sort()).toEqual([...kept].sort());
  expect(await prisma.jobEvent.count({ where: { jobId: { in: gone } } })).toBe(0);
  expect(await prisma.jobEvent.count({ where: { jobId: { in: kept } } })).toBe(kept.length);
});

test("deletes more rows than one batch holds", async () => {
  await Promise.all(Array.from({ length: 7 }, () => jobAged("completed", 40)));
  const counts = await sweepFinishedJobs(prisma, { jobRetentionDays: 30, failedJobRetentionDays: 90, now, batchSize: 3 });
  expect(counts.completed).toBe(7);
  expect(await prisma.job.count({ where: { status: "completed", updatedAt: { lt: daysAgo(30) } } })).toBe(0);
});

test("deletes idempotency keys past their 24 h window", async () => {
  await prisma.idempotencyKey.create({ data: { ownerId, key: "old", requestHash: "h", jobIds: [], createdAt: daysAgo(2) } });
  await prisma.idempotencyKey.create({ data: { ownerId, key: "fresh", requestHash: "h", jobIds: [], createdAt: daysAgo(0.5) } });
  const counts = await sweepFinishedJobs(prisma, { jobRetentionDays: 30, failedJobRetentionDays: 90, now });
  expect(counts.idempotencyKeys).toBe(1);
  expect((await prisma.idempotencyKey.findMany()).map((row) => row.key)).toEqual(["fresh"]);
});

test("only one sweeper holds the lock at a time", async () => {
  let release!: () => void;
  let holding!: () => void;
  const firstHolds = new Promise<void>((resolve) => (holding = resolve));
  const first = tryAdvisoryLock(db.url, "sweep", () => {
    holding();
    return new Promise<string>((resolve) => (release = () => resolve("first")));
  });
  await firstHolds;

  expect(await tryAdvisoryLock(db.url, "sweep", async () => "second")).toBeNull();

  release();
  expect(await first).toBe("first");
  expect(await tryAdvisoryLock(db.url, "sweep", async () => "after")).toBe("after");
});

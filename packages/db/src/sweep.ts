/**
 * Retention in Postgres: finished jobs older than their window are deleted (their events go with them through
 * the foreign key's ON DELETE CASCADE), and so are idempotency keys past their window. Rows that are not
 * terminal are never touched. Deletes go in batches so that no statement holds many row locks for long.
 */
import { limits } from "@jobline/jobs";
import { Client } from "pg";
import { z } from "zod";
import type { PrismaClient } from "./generated/prisma/client";

export interface SweepOptions {
  /** Completed and cancelled jobs are kept this many days after they finished. */
  jobRetentionDays: number;
  /** Failed jobs (dead letters) are kept longer, for operators to look into. */
  failedJobRetentionDays: number;
  batchSize?: number;
  now?: Date;
  /** Checked between batches: a worker shutting down stops after the batch in progress. */
  signal?: AbortSignal;
}

export interface SweepCounts {
  completed: number;
  cancelled: number;
  failed: number;
  idempotencyKeys: number;
}

/** The environment variables both the worker and `pnpm db:sweep` read, with their defaults. */
export const retentionDaysEnv = {
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
};

const dayMs = 24 * 60 * 60 * 1000;

/**
 * One batch of one status. A terminal row's `updated_at` is the moment it finished (nothing writes a finished row
 * but a re-drive, which makes it queued again), so the `(status, updated_at)` index serves this query.
 * SKIP LOCKED: a row a re-drive is moving right now is left for the next sweep.
 */
async function deleteBatch(prisma: PrismaClient, status: "completed" | "cancelled" | "failed", before: Date, batchSize: number): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM "jobs" WHERE "id" IN (
      SELECT "id" FROM "jobs"
      WHERE "status" = ${status}::"job_status" AND "updated_at" < ${before}
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )`;
}

async function deleteAll(batch: () => Promise<number>, batchSize: number, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const deleted = await batch();
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Deletes finished jobs past their retention window, and expired idempotency keys. Returns how many of each. */
export async function sweepFinishedJobs(prisma: PrismaClient, options: SweepOptions): Promise<SweepCounts> {
  const now = (options.now ?? new Date()).getTime();
  const batchSize = options.batchSize ?? 1000;
  const jobsBefore = new Date(now - options.jobRetentionDays * dayMs);
  const failedBefore = new Date(now - options.failedJobRetentionDays * dayMs);
  const keysBefore = new Date(now - limits.idempotencyWindowMs);
  const { signal } = options;
  return {
    completed: await deleteAll(() => deleteBatch(prisma, "completed", jobsBefore, batchSize), batchSize, signal),
    cancelled: await deleteAll(() => deleteBatch(prisma, "cancelled", jobsBefore, batchSize), batchSize, signal),
    failed: await deleteAll(() => deleteBatch(prisma, "failed", failedBefore, batchSize), batchSize, signal),
    idempotencyKeys: await deleteAll(
      () =>
        prisma.$executeRaw`
          DELETE FROM "idempotency_keys" WHERE ("owner_id", "key") IN (
            SELECT "owner_id", "key" FROM "idempotency_keys" WHERE "created_at" < ${keysBefore} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
          )`,
      batchSize,
      signal,
    ),
  };
}

/** Any fixed number, distinct from the migration lock: every sweeper takes the same one. */
const sweepLockKey = 727_274_002;

/**
 * Runs `work` only if no other process holds the sweep lock; returns null when one does. The lock is a session
 * lock on a connection of its own, because Prisma's pool gives no promise that two queries share a session.
 */
export async function withSweepLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T | null> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  // A dropped connection also rejects the query in flight; without a listener its 'error' event would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [sweepLockKey]);
    if (!rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [sweepLockKey]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Retention in Postgres: finished jobs older than their window are deleted (their events go with them through
 * the foreign key's ON DELETE CASCADE), and so are idempotency keys past their window. Rows that are not
 * terminal are never touched. Deletes go in batches so that no statement holds many row locks for long.
 */
import { limits } from "@jobline/contract";
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

const dayMs = 24 * 60 * 60 * 1000;

/**
 * One batch of one status. A terminal row's `updated_at` is the moment it finished (nothing writes a finished row
 * but a re-drive, which makes it queued again), so the `(status, updated_at)` index serves this query.
 * SKIP LOCKED: a row a re-drive is moving right now is left for the next sweep.
 */
async function deleteBatch(
  prisma: PrismaClient,
  status: "completed" | "cancelled" | "failed",
  before: Date,
  batchSize: number,
): Promise<number> {
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

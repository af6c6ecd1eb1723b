/**
 * The reconciler's queries: unfinished jobs whose rows have not moved for a while (their queue entries are worth
 * checking), and a Postgres advisory lock so that one worker process at a time does the checking.
 */
import type { JobStatus } from "@jobline/jobs";
import type { PrismaClient } from "./generated/prisma/client";
import type { JobRow } from "./job-record";

/** A job in one of these statuses must still have a queue entry (waiting, delayed or active). */
export const unfinishedStatuses = ["queued", "scheduled", "retrying", "running"] as const satisfies readonly JobStatus[];

/** Where the previous page ended: rows are read in (updatedAt, id) order. */
export interface StaleCursor {
  updatedAt: Date;
  id: string;
}

/** One page of unfinished rows not updated since `updatedBefore`, oldest first (served by the (status, updated_at) index). */
export function findStaleJobs(
  prisma: PrismaClient,
  options: { updatedBefore: Date; after?: StaleCursor; limit: number },
): Promise<JobRow[]> {
  const { after } = options;
  return prisma.job.findMany({
    where: {
      status: { in: [...unfinishedStatuses] },
      updatedAt: { lt: options.updatedBefore },
      ...(after ? { OR: [{ updatedAt: { gt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: options.limit,
  });
}

/**
 * Runs `work` while holding the transaction-scoped advisory lock `key`, or returns `{ ran: false }` at once when
 * another session holds it. The lock lives in a transaction kept open for the run (one pooled connection), so a
 * crashed holder releases it with its connection; `timeoutMs` bounds the run.
 */
export async function withAdvisoryLock<T>(
  prisma: PrismaClient,
  key: bigint,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return prisma.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT pg_try_advisory_xact_lock(${key}) AS locked`;
      if (!row?.locked) return { ran: false as const };
      return { ran: true as const, value: await work() };
    },
    { timeout: timeoutMs, maxWait: 5000 },
  );
}

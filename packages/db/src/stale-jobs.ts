/**
 * The reconciler's query: unfinished jobs whose rows have not moved for a while (their queue entries are worth
 * checking).
 */
import type { JobStatus } from "@jobline/contract";
import type { PrismaClient } from "./generated/prisma/client";
import type { JobRow } from "./job-record";

/** A job in one of these statuses must still have a queue entry (waiting, delayed or active). */
export const unfinishedStatuses = ["queued", "scheduled", "retrying", "running"] as const satisfies readonly JobStatus[];

/** Where the previous page ended: rows are read in (updatedAt, id) order. */
export interface StaleCursor {
  updatedAt: Date;
  id: string;
}

/**
 * One page of rows in `statuses` (default: the unfinished ones) not updated since `updatedBefore`, oldest first
 * (served by the (status, updated_at) index).
 */
export function findStaleJobs(
  prisma: PrismaClient,
  options: { updatedBefore: Date; after?: StaleCursor; limit: number; statuses?: readonly JobStatus[] },
): Promise<JobRow[]> {
  const { after, statuses = unfinishedStatuses } = options;
  return prisma.job.findMany({
    where: {
      status: { in: [...statuses] },
      updatedAt: { lt: options.updatedBefore },
      ...(after ? { OR: [{ updatedAt: { gt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: options.limit,
  });
}

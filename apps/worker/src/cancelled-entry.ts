/**
 * A cancelled job's entry must not sit among the completed ones, where a dashboard shows it as completed: it fails,
 * naming the cancellation, and is never retried. Any other row that moved on (re-driven meanwhile) keeps the
 * completed entry without a result, which the reconciler takes as "run it again".
 */
import { isJobId, type PrismaClient } from "@jobline/db";
import { UnrecoverableError } from "bullmq";

/** The error the entry fails with when the job's row says cancelled; undefined otherwise. A cold read: only on these paths. */
export async function cancelledEntryError(prisma: PrismaClient, jobId: string): Promise<UnrecoverableError | undefined> {
  if (!isJobId(jobId)) return undefined;
  const row = await prisma.job.findUnique({ where: { id: jobId }, select: { status: true } }).catch(() => null);
  return row?.status === "cancelled"
    ? new UnrecoverableError("JobCancelledError: the job was cancelled; it did not run to the end")
    : undefined;
}

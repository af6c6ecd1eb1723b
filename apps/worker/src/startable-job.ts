/**
 * The job as an attempt needs it. A first start takes it from the entry's start snapshot (packages/queues
 * start-snapshot.ts), with no Postgres read, unless the job carries a cancel's mark (packages/events
 * cancel-channel.ts); everything else reads the row at pickup (pickup.ts). Either way the attempt's writes are guarded
 * by `updatedAt`: they apply only to a row unmoved since it was read or snapshotted.
 */
import { isJobId, normalJobId, type RunnableJob } from "@jobline/db";
import { readStartSnapshot } from "@jobline/queues";
import type { CancelMarks } from "./cancel-marks";
import type { AttemptJob } from "./lifecycle";

export type StartableJob = Pick<RunnableJob, "id" | "type" | "queue" | "timeoutMs" | "requestId" | "attempts" | "updatedAt"> & {
  /** Checked against its type's schema before the handler sees it (attempt-run.ts). */
  payload: unknown;
};

/** The job from its entry alone, or undefined when the row must be read. */
export async function startableFromEntry(marks: CancelMarks, job: AttemptJob): Promise<StartableJob | undefined> {
  // A later start of the same entry (a retry, a stalled attempt picked up again) follows a row that moved since the
  // entry was written: only the row knows where it stands.
  if (job.attemptsStarted !== 1 || !isJobId(job.id!)) return undefined;
  const start = readStartSnapshot(job.data);
  if (!start) return undefined;
  // BullMQ tracks the entry (for the cancel channel) before the processor runs, so a cancel after this check reaches
  // the attempt by message, and one before it left its mark.
  if (await marks.marked(job.id!)) return undefined;
  return {
    id: normalJobId(job.id!),
    type: job.data.type,
    queue: job.queueName,
    payload: start.payload,
    timeoutMs: start.timeoutMs,
    requestId: start.requestId,
    // Created or re-driven with no start since: its first.
    attempts: 0,
    updatedAt: new Date(start.rowUpdatedAt),
  };
}

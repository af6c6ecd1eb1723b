import type { WorkQueueName } from "@jobline/contract";
import { enqueueJob, type EnqueueableJob, type RetentionOptions } from "./enqueue";
import type { JobQueues } from "./job-queues";

/**
 * Sends a failed or cancelled job back to its own queue as a fresh entry (attempts start again).
 * The old entry and the dead letter carry the same id and would make BullMQ ignore the add, so they go first.
 */
export async function redriveJob(queues: JobQueues, job: EnqueueableJob, retention?: RetentionOptions): Promise<void> {
  await queues.work[job.queue as WorkQueueName].remove(job.id);
  await queues.deadLetter.remove(job.id);
  await enqueueJob(queues, { ...job, runAt: null }, retention);
}

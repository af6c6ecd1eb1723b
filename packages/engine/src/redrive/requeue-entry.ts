/**
 * A re-driven job's fresh queue entry (its row already says queued), its attempts starting again. The old entry and
 * the dead letter carry the same id and would make BullMQ ignore the add, so they go first.
 */
import type { WorkQueueName } from "@jobline/contract";
import { enqueueJob, withinLimit, type EnqueueableJob, type JobQueues, type RetentionOptions } from "@jobline/queues";
import { DependencyDownError } from "../errors";

export interface RequeueDeps {
  queues: JobQueues;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions };
}

async function replaceEntry(queues: JobQueues, job: EnqueueableJob, retention: RetentionOptions): Promise<void> {
  await queues.work[job.queue as WorkQueueName].remove(job.id);
  await queues.deadLetter.remove(job.id);
  await enqueueJob(queues, { ...job, runAt: null }, retention);
}

export async function requeueEntry(deps: RequeueDeps, job: EnqueueableJob): Promise<void> {
  try {
    await withinLimit(replaceEntry(deps.queues, job, deps.config.retention), deps.config.enqueueTimeoutMs);
  } catch (error) {
    throw new DependencyDownError("redis", "redis is unavailable: the job is marked queued but its queue entry could not be written", {
      cause: error,
    });
  }
}

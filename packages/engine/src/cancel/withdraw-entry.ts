import type { WorkQueueName } from "@jobline/contract";
import { cancelChannel, type CancelMessage } from "@jobline/events";
import type { JobQueues } from "@jobline/queues";
import type { Redis } from "ioredis";

/**
 * Takes a cancelled job's entry out of its queue, the second half of a cancel (cancel-job.ts). A waiting, delayed or
 * prioritised entry is removed; one a worker holds (BullMQ refuses to remove a locked entry) is stopped through the
 * cancel channel instead. Returns which of the two happened.
 */
export async function withdrawEntry(
  queues: JobQueues,
  publisher: Redis,
  job: { id: string; queue: string },
  reason: string,
): Promise<"removed" | "signalled"> {
  const removed = await queues.work[job.queue as WorkQueueName].remove(job.id);
  if (removed === 1) return "removed";
  const message: CancelMessage = { jobId: job.id, reason };
  await publisher.publish(cancelChannel(queues.prefix), JSON.stringify(message));
  return "signalled";
}

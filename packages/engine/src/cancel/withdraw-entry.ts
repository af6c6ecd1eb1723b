import type { WorkQueueName } from "@jobline/contract";
import { cancelChannel, cancelMarkKey, cancelMarkSeconds, type CancelMessage } from "@jobline/events";
import type { JobQueues } from "@jobline/queues";
import type { Redis } from "ioredis";

/**
 * Takes a cancelled job's entry out of its queue, the second half of a cancel (cancel-job.ts). A waiting, delayed or
 * prioritised entry is removed; one a worker holds (BullMQ refuses to remove a locked entry) is stopped through the
 * cancel channel instead. Returns which of the two happened. The cancel's mark (cancel-channel.ts) goes first, so a
 * worker that takes the entry at any moment after it sees the cancel.
 */
export async function withdrawEntry(
  queues: JobQueues,
  publisher: Redis,
  job: { id: string; queue: string },
  reason: string,
): Promise<"removed" | "signalled"> {
  const mark = cancelMarkKey(queues.prefix, job.id);
  await publisher.set(mark, "1", "EX", cancelMarkSeconds);
  const removed = await queues.work[job.queue as WorkQueueName].remove(job.id);
  // 1 also when there was no entry yet (the API's insert done, its enqueue not): the mark stays for that entry.
  if (removed === 1) return "removed";
  const message: CancelMessage = { jobId: job.id, reason };
  await publisher.publish(cancelChannel(queues.prefix), JSON.stringify(message));
  return "signalled";
}

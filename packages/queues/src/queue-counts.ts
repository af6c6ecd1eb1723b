import type { Queue } from "bullmq";

/** A queue's entries by state, as operators read them (the API's `GET /v1/queues`, the worker's metrics). */
export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  paused: boolean;
}

export const countedStates = ["waiting", "active", "delayed", "completed", "failed"] as const;

export async function queueCounts(queue: Queue): Promise<QueueCounts> {
  const [counts, paused] = await Promise.all([
    queue.getJobCounts("waiting", "prioritized", "active", "delayed", "completed", "failed"),
    queue.isPaused(),
  ]);
  return {
    name: queue.name,
    // Jobline prioritises every entry, so BullMQ's "prioritized" is what a reader means by waiting.
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    completed: counts.completed ?? 0,
    failed: counts.failed ?? 0,
    paused,
  };
}

import { deadLetterQueueName, workQueueNames, type WorkQueueName } from "@jobline/jobs";
import { Queue, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";

/**
 * What `QUEUE_PREFIX` may be, for the API and the worker alike (they must agree to meet in Redis). Braces allow a
 * Redis Cluster hash tag such as `{jobline}` (DESIGN.md §7).
 */
export const queuePrefixPattern = /^[A-Za-z0-9_.{}-]+$/;

/** What a work-queue entry carries. The row holds the rest (attempt limits, timeout, owner). */
export interface QueuedJobData {
  type: string;
  payload: unknown;
}

/** What the dead-letter queue keeps of a job whose last attempt failed: enough to understand it and re-drive it. */
export interface DeadLetterData extends QueuedJobData {
  jobId: string;
  queue: WorkQueueName;
  error: { message: string; name: string; stack?: string };
  attempts: Array<{ attempt: number; status: string; at: string; error?: { message: string; name: string; stack?: string } }>;
  failedAt: string;
}

export interface JobQueues {
  work: Record<WorkQueueName, Queue<QueuedJobData>>;
  deadLetter: Queue<DeadLetterData>;
  /** The key prefix every queue lives under; also names the cancel channel. */
  prefix: string;
  /** Every queue, for dashboards and counts. */
  all(): Queue[];
  close(): Promise<void>;
}

/**
 * Every BullMQ key lives under `prefix`, so deployments and test runs can share one Redis.
 * Connection errors go to `onError` (BullMQ would otherwise print them to the console).
 */
export function createJobQueues(
  connection: Redis | ConnectionOptions,
  prefix: string,
  onError: (error: Error) => void = () => {},
): JobQueues {
  const options = { connection, prefix };
  const work = {
    cpu: new Queue<QueuedJobData>("cpu", options),
    gpu: new Queue<QueuedJobData>("gpu", options),
  } satisfies Record<WorkQueueName, Queue<QueuedJobData>>;
  const deadLetter = new Queue<DeadLetterData>(deadLetterQueueName, options);
  const all = (): Queue[] => [...workQueueNames.map((name) => work[name] as Queue), deadLetter as Queue];
  for (const queue of all()) queue.on("error", onError);
  return {
    work,
    deadLetter,
    prefix,
    all,
    close: async () => {
      await Promise.allSettled(all().map((queue) => queue.close()));
    },
  };
}

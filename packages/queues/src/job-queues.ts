import { deadLetterQueueName, workQueueNames, type WorkQueueName } from "@jobline/contract";
import { Queue, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import { scheduleQueueName, type ScheduleFireData, type ScheduleQueue } from "./schedule-queue";
import type { StartSnapshot } from "./start-snapshot";

/**
 * What a work-queue entry carries: the job's type (its name in dashboards and the backoff policy's key) and, for a
 * job that can start at once, what its first attempt needs (start-snapshot.ts). The entry is named by the row's id and
 * the row stays the truth: an entry without a snapshot, or one that runs again, has its worker read the row.
 */
export interface QueuedJobData {
  type: string;
  start?: StartSnapshot;
}

/** What the dead-letter queue keeps of a job whose last attempt failed: enough to understand it and re-drive it. */
export interface DeadLetterData extends QueuedJobData {
  /** The operator's copy: a dead letter is few and read by people, unlike the work queues' entries. */
  payload: unknown;
  jobId: string;
  queue: WorkQueueName;
  error: { message: string; name: string; stack?: string };
  attempts: Array<{ attempt: number; status: string; at: string; error?: { message: string; name: string; stack?: string } }>;
  failedAt: string;
}

export interface JobQueues {
  work: Record<WorkQueueName, Queue<QueuedJobData>>;
  deadLetter: Queue<DeadLetterData>;
  /** Fires of schedules (schedule-queue.ts); not a work queue, so not among `all()`. */
  schedules: ScheduleQueue;
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
  const schedules = new Queue<ScheduleFireData>(scheduleQueueName, options);
  const all = (): Queue[] => [...workQueueNames.map((name) => work[name] as Queue), deadLetter as Queue];
  for (const queue of [...all(), schedules as Queue]) queue.on("error", onError);
  return {
    work,
    deadLetter,
    schedules,
    prefix,
    all,
    close: async () => {
      await Promise.allSettled([...all(), schedules as Queue].map((queue) => queue.close()));
    },
  };
}

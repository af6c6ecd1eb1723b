import type { WorkQueueName } from "@jobline/contract";
import type { JobsOptions } from "bullmq";
import type { JobQueues, QueuedJobData } from "./job-queues";
import { startSnapshotOf, type SnapshotSource } from "./start-snapshot";

/** The part of a job's row that decides its queue entry. */
export interface EnqueueableJob extends Partial<Omit<SnapshotSource, "runAt">> {
  id: string;
  type: string;
  queue: string;
  priority: number;
  maxAttempts: number;
  runAt: Date | null;
}

/** The entry's data: the type, and the start snapshot when the job came with the row fields that make one. */
export function queueEntryData(job: EnqueueableJob): QueuedJobData {
  const { status, runAt, payload, timeoutMs, requestId, updatedAt } = job;
  const complete = status !== undefined && timeoutMs !== undefined && updatedAt !== undefined;
  const start = complete ? startSnapshotOf({ status, runAt, payload, timeoutMs, requestId: requestId ?? null, updatedAt }) : undefined;
  return start ? { type: job.type, start } : { type: job.type };
}

/** Name of the custom backoff strategy the worker registers (exponential with jitter, per job type). */
export const backoffStrategyName = "jobline";

export interface RetentionOptions {
  /** Seconds a finished entry stays in Redis; Postgres keeps the history. */
  completedAgeSeconds: number;
  failedAgeSeconds: number;
}

export const defaultRetention: RetentionOptions = { completedAgeSeconds: 3600, failedAgeSeconds: 7 * 24 * 3600 };

/**
 * Completed entries kept per queue, whatever their age: at a thousand jobs a second an hour's worth would be millions.
 * A completed entry carries no payload and (once its row has the result) no result, so this bounds the set to a few
 * megabytes; the rows keep the history.
 */
export const completedEntriesKept = 10_000;

/**
 * BullMQ runs priority 1 first; Jobline's 0..100 runs higher first. Every job is prioritised, so FIFO holds within a
 * level. The default (0) cannot be left unset: BullMQ takes an entry without a priority before every prioritised one
 * (test/priority-order.test.ts), so default jobs would overtake urgent ones.
 */
export function bullPriority(priority: number): number {
  return 101 - priority;
}

/** Jobline's priority of an entry, from BullMQ's number (what dashboards should show). */
export function joblinePriority(bullmqPriority: number): number {
  return 101 - bullmqPriority;
}

export function queueEntryOptions(job: EnqueueableJob, retention: RetentionOptions, now = Date.now()): JobsOptions {
  return {
    // The entry is named after the row: adding it twice is harmless while BullMQ still holds it.
    jobId: job.id,
    attempts: job.maxAttempts,
    backoff: { type: backoffStrategyName },
    priority: bullPriority(job.priority),
    delay: job.runAt ? Math.max(0, job.runAt.getTime() - now) : undefined,
    removeOnComplete: { age: retention.completedAgeSeconds, count: completedEntriesKept },
    removeOnFail: { age: retention.failedAgeSeconds },
  };
}

/** Adds the job's entry to the queue its type is registered on. */
export class QueueUnavailableError extends Error {
  override name = "QueueUnavailableError";
}

/**
 * BullMQ waits for a connection without limit; a request must not. The add may still land after the
 * limit, which is harmless: an entry whose row is gone or finished is skipped by the worker.
 */
export async function withinLimit<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`redis did not answer within ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export async function enqueueJob(queues: JobQueues, job: EnqueueableJob, retention: RetentionOptions = defaultRetention): Promise<void> {
  const queue = queues.work[job.queue as WorkQueueName];
  await queue.add(job.type, queueEntryData(job), queueEntryOptions(job, retention));
}

export async function enqueueJobs(
  queues: JobQueues,
  jobs: EnqueueableJob[],
  retention: RetentionOptions = defaultRetention,
): Promise<void> {
  const byQueue = new Map<WorkQueueName, EnqueueableJob[]>();
  for (const job of jobs) {
    const name = job.queue as WorkQueueName;
    byQueue.set(name, [...(byQueue.get(name) ?? []), job]);
  }
  const now = Date.now();
  await Promise.all(
    [...byQueue].map(([name, group]) =>
      queues.work[name].addBulk(
        group.map((job) => ({ name: job.type, data: queueEntryData(job), opts: queueEntryOptions(job, retention, now) })),
      ),
    ),
  );
}

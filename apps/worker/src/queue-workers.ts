import { backoffDelay, standardBackoff, type JobCatalogue, type WorkQueueName } from "@jobline/contract";
import type { QueuedJobData } from "@jobline/queues";
import { Worker, type BackoffStrategy } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { AttemptReturn } from "./lifecycle";
import type { RunningAttempts } from "./running-attempts";

/**
 * The delay before a retry, from the job type's policy in the catalogue (entries name the strategy
 * `{ type: "jobline" }`, so the policy lives in one place and changes without touching queued entries).
 * BullMQ passes the number of failed attempts including this one, which is what `backoffDelay` expects.
 */
export function joblineBackoff(catalogue: JobCatalogue): BackoffStrategy {
  return (attemptsMade, _type, _error, job) => {
    const type = (job?.data as Partial<QueuedJobData> | undefined)?.type;
    const policy = (type && catalogue.get(type)?.defaults.backoff) || standardBackoff;
    return backoffDelay(attemptsMade, policy);
  };
}

export interface QueueWorkerOptions {
  queue: WorkQueueName;
  concurrency: number;
  connection: Redis;
  prefix: string;
  catalogue: JobCatalogue;
  processor: RunningAttempts["processor"];
  logger: Logger;
  stalls: StallSettings;
}

/**
 * How a crashed worker's jobs come back. A running job's lock is renewed every `lockDurationMs / 2`; a worker that
 * dies stops renewing, and once the lock expired the next stalled check (every `stalledIntervalMs`, by any worker)
 * moves the job back to waiting. The defaults (15 s, 7.5 s) bring a crashed worker's jobs back within about
 * 15 to 30 s, while still tolerating a 7 s event-loop pause without a false stall. A job that stalls more than
 * `maxStalledCount` times (it may be what crashes the worker) is failed by BullMQ, and the reconciler records that.
 * BullMQ does not count a stall as a failed attempt; the row does count the extra start (see lifecycle.ts).
 */
export interface StallSettings {
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
}

/** One BullMQ Worker for one queue. It starts taking jobs at once; `waitUntilReady()` says Redis answered. */
export function createQueueWorker(options: QueueWorkerOptions): Worker<QueuedJobData, AttemptReturn | undefined> {
  const worker = new Worker<QueuedJobData, AttemptReturn | undefined>(options.queue, options.processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.stalls.lockDurationMs,
    stalledInterval: options.stalls.stalledIntervalMs,
    maxStalledCount: options.stalls.maxStalledCount,
    settings: { backoffStrategy: joblineBackoff(options.catalogue) },
  });
  // Without a listener an 'error' event would crash the process; connection trouble is retried by BullMQ.
  worker.on("error", (error) => options.logger.error({ err: error, queue: options.queue }, "queue worker error"));
  return worker;
}

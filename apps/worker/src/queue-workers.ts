import { backoffDelay, standardBackoff, type JobCatalogue, type WorkQueueName } from "@jobline/jobs";
import type { QueuedJobData } from "@jobline/queues";
import { Worker, type BackoffStrategy } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { JobProcessor } from "./lifecycle";

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
  processor: JobProcessor;
  logger: Logger;
}

/** One BullMQ Worker for one queue. It starts taking jobs at once; `waitUntilReady()` says Redis answered. */
export function createQueueWorker(options: QueueWorkerOptions): Worker<QueuedJobData, void> {
  const worker = new Worker<QueuedJobData, void>(options.queue, options.processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    settings: { backoffStrategy: joblineBackoff(options.catalogue) },
  });
  // Without a listener an 'error' event would crash the process; connection trouble is retried by BullMQ.
  worker.on("error", (error) => options.logger.error({ err: error, queue: options.queue }, "queue worker error"));
  return worker;
}

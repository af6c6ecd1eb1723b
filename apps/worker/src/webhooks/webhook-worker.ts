/**
 * The sender: its own BullMQ Worker on the `webhooks` queue, so slow receivers never hold up jobs. Retries use
 * BullMQ's backoff with the delay from configuration, doubling per attempt.
 */
import { webhookQueueName, type WebhookJobData } from "@jobline/queues";
import type { Pool } from "@jobline/db";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { WebhookSenderConfig } from "../config";
import { deliverWebhook } from "./deliver-webhook";

const maxRetryDelayMs = 60 * 60 * 1000;

/** The delay before attempt `attemptsMade + 1`: the configured delay, doubled per failed attempt after the first. */
export function webhookBackoff(retryDelayMs: number, attemptsMade: number): number {
  return Math.min(maxRetryDelayMs, retryDelayMs * 2 ** Math.max(0, attemptsMade - 1));
}

export interface WebhookWorkerOptions {
  connection: Redis;
  prefix: string;
  pool: Pool;
  config: WebhookSenderConfig;
  logger: Logger;
}

export function createWebhookWorker(options: WebhookWorkerOptions): Worker<WebhookJobData> {
  const { config, logger } = options;
  const worker = new Worker<WebhookJobData>(
    webhookQueueName,
    async (job) => deliverWebhook({ pool: options.pool, config }, job.data.deliveryId),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: config.concurrency,
      settings: { backoffStrategy: (attemptsMade) => webhookBackoff(config.retryDelayMs, attemptsMade) },
    },
  );
  worker.on("failed", (job, error) => logger.info({ deliveryId: job?.id, attempt: job?.attemptsMade, err: error.message }, "webhook attempt failed"));
  worker.on("error", (error) => logger.error({ err: error }, "webhook worker error"));
  return worker;
}

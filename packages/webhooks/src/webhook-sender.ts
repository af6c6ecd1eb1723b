/**
 * The sender: its own BullMQ Worker on the `webhooks` queue, so slow receivers never hold up jobs. Retries use
 * BullMQ's backoff with the delay from configuration, doubling per attempt. A delivery its host's gate postpones goes
 * back to the delayed set until then, so it holds none of the shared slots meanwhile and spends no attempt.
 */
import { webhookQueueName, type WebhookJobData } from "@jobline/queues";
import type { Pool } from "@jobline/db";
import { DelayedError, Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { deliverWebhook, type DeliverySettings } from "./deliver-webhook";
import { createHostGate, type HostGateSettings } from "./host-gate";

const maxRetryDelayMs = 60 * 60 * 1000;

/** The delay before attempt `attemptsMade + 1`: the configured delay, doubled per failed attempt after the first. */
export function webhookBackoff(retryDelayMs: number, attemptsMade: number): number {
  return Math.min(maxRetryDelayMs, retryDelayMs * 2 ** Math.max(0, attemptsMade - 1));
}

export interface SenderSettings extends DeliverySettings, HostGateSettings {
  /** Delay before a delivery's second attempt; each later one doubles it (capped at an hour). */
  retryDelayMs: number;
  /** Deliveries sent at once by this process. */
  concurrency: number;
}

export interface SenderLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WebhookSenderOptions {
  connection: Redis;
  prefix: string;
  pool: Pool;
  settings: SenderSettings;
  logger: SenderLog;
}

export function createWebhookSender(options: WebhookSenderOptions): Worker<WebhookJobData> {
  const { settings, logger } = options;
  // A postponed delivery woken early (a slot at its host came free) is promoted from the delayed set; one not (or no
  // longer) delayed there refuses the promotion, and keeps its time.
  const wake = async (deliveryId: string) => {
    const job = await Job.fromId<WebhookJobData>(worker, deliveryId);
    await job?.promote();
  };
  const deps = {
    pool: options.pool,
    settings,
    hosts: createHostGate({ redis: options.connection, prefix: options.prefix, settings, wake }),
  };
  const worker = new Worker<WebhookJobData>(
    webhookQueueName,
    async (job, token) => {
      const postponed = await deliverWebhook(deps, job.data.deliveryId);
      if (!postponed) return;
      await job.moveToDelayed(postponed.until, token);
      throw new DelayedError();
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: settings.concurrency,
      settings: { backoffStrategy: (attemptsMade) => webhookBackoff(settings.retryDelayMs, attemptsMade) },
    },
  );
  worker.on("failed", (job, error) =>
    logger.info({ deliveryId: job?.id, attempt: job?.attemptsMade, err: error.message }, "webhook attempt failed"),
  );
  worker.on("error", (error) => logger.error({ err: error }, "webhook worker error"));
  return worker;
}

/**
 * The `webhooks` BullMQ queue: one entry per delivery, named by the delivery's id (the `Jobline-Delivery` header),
 * so enqueueing a delivery twice (the relay and the sweep, or two sweeps) is harmless. The entry carries only that id;
 * the row is the truth.
 */
import { Queue, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";

export const webhookQueueName = "webhooks";

export interface WebhookJobData {
  deliveryId: string;
}

/**
 * The sender decides when a delivery has had its last attempt (its own configuration): entries allow more than any
 * configuration does, and the sender ends them unrecoverably. The backoff is the worker's (`type: "webhook"`).
 */
export const webhookEntryAttemptsCeiling = 100;

export function createWebhookQueue(connection: Redis | ConnectionOptions, prefix: string): Queue<WebhookJobData> {
  return new Queue<WebhookJobData>(webhookQueueName, { connection, prefix });
}

/** Adds one entry per delivery; ids that still have an entry are ignored by BullMQ. */
export async function enqueueDeliveries(queue: Queue<WebhookJobData>, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await queue.addBulk(
    deliveryIds.map((deliveryId) => ({
      name: "deliver",
      data: { deliveryId },
      opts: {
        jobId: deliveryId,
        attempts: webhookEntryAttemptsCeiling,
        backoff: { type: "webhook" },
        // The row keeps the outcome and every attempt; Redis need not.
        removeOnComplete: true,
        removeOnFail: true,
      },
    })),
  );
}

import { z } from "zod";
import { JobResourceSchema } from "./job-resource";

/** The event a webhook announces: the job's terminal status. */
export const WebhookEventSchema = z.enum(["job.completed", "job.failed", "job.cancelled"]);

/** The body of every webhook POST. */
export const WebhookBodySchema = z.object({ event: WebhookEventSchema, job: JobResourceSchema });

/** One line of `GET /v1/jobs/{id}/deliveries`: an attempt made, or (`pending`) a delivery waiting for its next one. */
export const WebhookDeliveryEntrySchema = z.object({
  /** The delivery's id: the `Jobline-Delivery` header, the same on every attempt. */
  id: z.uuid(),
  event: WebhookEventSchema,
  url: z.string(),
  attempt: z.number().int(),
  status: z.enum(["pending", "succeeded", "failed"]),
  /** The receiver's HTTP status; null without an answer (network error, timeout, refused address) and while pending. */
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const WebhookDeliveryLogSchema = z.object({ data: z.array(WebhookDeliveryEntrySchema) });

/** `GET /v1/webhook-secret`, `POST /v1/webhook-secret/rotate`. */
export const WebhookSecretSchema = z.object({ secret: z.string().regex(/^whsec_/) });

/**
 * One attempt at a delivery: read it with its owner's secrets, fix its body at the first attempt, sign, POST, and
 * record the attempt with its outcome. A failed attempt throws so BullMQ retries it after the backoff; the last one
 * throws unrecoverably and leaves the delivery `failed`.
 */
import {
  failExhaustedDelivery,
  fixDeliveryBody,
  readDeliveryToSend,
  readJob,
  recordDeliveryAttempt,
  signingSecrets,
  toJobResource,
  type Pool,
} from "@jobline/db";
import { deliveryHeader, signatureHeader, signWebhook } from "@jobline/contract";
import { UnrecoverableError } from "bullmq";
import { postWebhook } from "./post-webhook";

export const userAgent = "Jobline-Webhooks/1";

/** A receiver's answer or a network failure: retried with backoff. */
export class WebhookAttemptError extends Error {
  override name = "WebhookAttemptError";
}

/** How deliveries are sent; the sending process passes the values of its configuration. */
export interface DeliverySettings {
  /** The deadline of one attempt, the whole exchange included. */
  timeoutMs: number;
  /** Attempts a delivery gets before it is `failed`. */
  maxAttempts: number;
  /** Whether receivers on internal addresses may be called (tests, private deployments). */
  allowPrivateNetworks: boolean;
}

export interface DeliverDeps {
  pool: Pool;
  settings: DeliverySettings;
}

/** The body of a delivery, as fixed for all its attempts; null when the job is gone (deleted by retention). */
async function bodyOf(pool: Pool, delivery: { id: string; jobId: string; event: string; body: unknown }): Promise<unknown> {
  if (delivery.body !== null) return delivery.body;
  const job = await readJob(pool, delivery.jobId, null);
  if (!job) return null;
  return fixDeliveryBody(pool, delivery.id, { event: delivery.event, job: toJobResource(job) });
}

/** Makes the delivery's next attempt, unless it has had them all. */
export async function deliverWebhook(deps: DeliverDeps, deliveryId: string): Promise<void> {
  const delivery = await readDeliveryToSend(deps.pool, deliveryId);
  // Gone with its job, or already decided (an entry enqueued twice after Redis lost it): nothing to send.
  if (!delivery || delivery.status !== "pending") return;
  // The row counts attempts, not the queue entry: one the sweep adds again starts its own count at zero.
  if (delivery.attempts >= deps.settings.maxAttempts) return failExhaustedDelivery(deps.pool, deliveryId, new Date());
  const attempt = delivery.attempts + 1;
  const body = await bodyOf(deps.pool, delivery);
  if (body === null) return;
  const raw = JSON.stringify(body);
  const now = new Date();
  const signature = await signWebhook(
    raw,
    signingSecrets(
      { webhookSecret: delivery.secret, webhookPreviousSecret: delivery.previousSecret, webhookSecretRotatedAt: delivery.secretRotatedAt },
      now,
    ),
    Math.floor(now.getTime() / 1000),
  );

  const started = performance.now();
  const outcome = await postWebhook({
    url: delivery.url,
    body: raw,
    headers: { "Content-Type": "application/json", "User-Agent": userAgent, [signatureHeader]: signature, [deliveryHeader]: delivery.id },
    timeoutMs: deps.settings.timeoutMs,
    allowPrivateNetworks: deps.settings.allowPrivateNetworks,
  });
  const durationMs = Math.round(performance.now() - started);
  const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const last = attempt >= deps.settings.maxAttempts;
  const error = succeeded ? null : (outcome.error ?? `the receiver answered ${outcome.status}`);
  await recordDeliveryAttempt(
    deps.pool,
    { deliveryId, attempt, succeeded, responseStatus: outcome.status, durationMs, error, last },
    new Date(),
  );
  if (succeeded) return;
  throw last ? new UnrecoverableError(error!) : new WebhookAttemptError(error!);
}

/**
 * One attempt at a delivery: read it with its owner's secrets, fix its body at the first attempt, sign, POST, and
 * record the attempt with its outcome. A failed attempt throws so BullMQ retries it after the backoff; the last one
 * throws unrecoverably and leaves the delivery `failed`. When the receiving host has no free slot or its breaker is
 * open, no attempt is made: the caller hears until when the delivery is postponed.
 */
import {
  failExhaustedDelivery,
  fixDeliveryBody,
  readDeliveryToSend,
  readJob,
  recordDeliveryAttempt,
  signingSecrets,
  toJobResource,
  type DeliveryToSend,
  type Pool,
} from "@jobline/db";
import { deliveryHeader, signatureHeader, signWebhook } from "@jobline/contract";
import { UnrecoverableError } from "bullmq";
import type { HostGate } from "./host-gate";
import { postWebhook, type PostOutcome } from "./post-webhook";

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
  hosts: HostGate;
}

/** No attempt now: the host is busy or its breaker is open until `until` (epoch ms). */
export interface Postponement {
  until: number;
}

/** An answer that says the host is up: a timeout, a refused connection, a 5xx or a 429 count against it. */
function hostIsHealthy(outcome: PostOutcome): boolean {
  return outcome.status !== null && outcome.status < 500 && outcome.status !== 429;
}

/** The body of a delivery, as fixed for all its attempts; null when the job is gone (deleted by retention). */
async function bodyOf(pool: Pool, delivery: { id: string; jobId: string; event: string; body: unknown }): Promise<unknown> {
  if (delivery.body !== null) return delivery.body;
  const job = await readJob(pool, delivery.jobId, null);
  if (!job) return null;
  return fixDeliveryBody(pool, delivery.id, { event: delivery.event, job: toJobResource(job) });
}

/** Signs the delivery's body and POSTs it; null when there is nothing to send (its job is gone). */
async function send(deps: DeliverDeps, delivery: DeliveryToSend): Promise<{ outcome: PostOutcome; durationMs: number } | null> {
  const body = await bodyOf(deps.pool, delivery);
  if (body === null) return null;
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
  return { outcome, durationMs: Math.round(performance.now() - started) };
}

/** Makes the delivery's next attempt, unless it has had them all or its host cannot take it now. */
export async function deliverWebhook(deps: DeliverDeps, deliveryId: string): Promise<Postponement | undefined> {
  const delivery = await readDeliveryToSend(deps.pool, deliveryId);
  // Gone with its job, or already decided (an entry enqueued twice after Redis lost it): nothing to send.
  if (!delivery || delivery.status !== "pending") return undefined;
  // The row counts attempts, not the queue entry: one the sweep adds again starts its own count at zero.
  if (delivery.attempts >= deps.settings.maxAttempts) {
    await failExhaustedDelivery(deps.pool, deliveryId, new Date());
    return undefined;
  }
  const host = new URL(delivery.url).host;
  const admission = await deps.hosts.admit(host, deliveryId);
  if (!admission.admitted) return { until: admission.until };
  let sent: Awaited<ReturnType<typeof send>> = null;
  try {
    sent = await send(deps, delivery);
  } finally {
    await deps.hosts.settle(host, deliveryId, sent && hostIsHealthy(sent.outcome));
  }
  if (!sent) return undefined;

  const { outcome, durationMs } = sent;
  const attempt = delivery.attempts + 1;
  const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const last = attempt >= deps.settings.maxAttempts;
  const error = succeeded ? null : (outcome.error ?? `the receiver answered ${outcome.status}`);
  await recordDeliveryAttempt(
    deps.pool,
    { deliveryId, attempt, succeeded, responseStatus: outcome.status, durationMs, error, last },
    new Date(),
  );
  if (succeeded) return undefined;
  throw last ? new UnrecoverableError(error!) : new WebhookAttemptError(error!);
}

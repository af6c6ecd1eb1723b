/**
 * The webhook outbox's statements. A delivery row is written by the terminal move itself (transition-jobs.ts); these
 * read it for the relay and the sweep, fix its body at the first send, and record every attempt.
 */
import type { Pool } from "pg";

export type DeliveryStatus = "pending" | "succeeded" | "failed";

/** Ids of the deliveries the given jobs' terminal moves wrote that no queue entry was made for yet. */
export async function unenqueuedDeliveriesOf(pool: Pool, jobIds: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>({
    name: "jobline.unenqueued-deliveries",
    text: `SELECT id FROM webhook_deliveries WHERE job_id = ANY($1::uuid[]) AND enqueued_at IS NULL AND status = 'pending'`,
    values: [jobIds],
  });
  return rows.map((row) => row.id);
}

export async function markDeliveriesEnqueued(pool: Pool, ids: readonly string[], now: Date): Promise<void> {
  await pool.query(`UPDATE webhook_deliveries SET enqueued_at = $2 WHERE id = ANY($1::uuid[])`, [ids, now]);
}

/**
 * Pending deliveries older than `createdBefore`, the ones never enqueued first, then the longest unchecked: whatever
 * a dead process left without an entry, and whatever Redis lost. Enqueueing one that still has its entry is harmless.
 */
export async function pendingDeliveries(pool: Pool, createdBefore: Date, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND created_at < $1
     ORDER BY enqueued_at ASC NULLS FIRST, created_at LIMIT $2`,
    [createdBefore, limit],
  );
  return rows.map((row) => row.id);
}

/** What the sender needs to make an attempt: the delivery, its job's owner's secrets. */
export interface DeliveryToSend {
  id: string;
  jobId: string;
  event: string;
  url: string;
  status: DeliveryStatus;
  /** Attempts made so far, whichever queue entry made them: what the attempt limit counts. */
  attempts: number;
  body: unknown;
  secret: string;
  previousSecret: string | null;
  secretRotatedAt: Date | null;
}

export async function readDeliveryToSend(pool: Pool, id: string): Promise<DeliveryToSend | null> {
  const { rows } = await pool.query<DeliveryToSend>(
    `SELECT d.id, d.job_id AS "jobId", d.event, d.url, d.status, d.attempts, d.body,
            o.webhook_secret AS secret, o.webhook_previous_secret AS "previousSecret", o.webhook_secret_rotated_at AS "secretRotatedAt"
     FROM webhook_deliveries d JOIN owners o ON o.id = d.owner_id WHERE d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Stores `body` unless the delivery has one already, and returns the stored one: every attempt then serialises the
 * same value (as jsonb gives it back) to the same bytes, whichever process makes it.
 */
export async function fixDeliveryBody(pool: Pool, id: string, body: unknown): Promise<unknown> {
  const { rows } = await pool.query<{ body: unknown }>(
    `UPDATE webhook_deliveries SET body = COALESCE(body, $2::jsonb) WHERE id = $1 RETURNING body`,
    [id, JSON.stringify(body)],
  );
  return rows[0]?.body ?? body;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  succeeded: boolean;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  /** No attempt follows: the delivery ends `failed` unless this one succeeded. */
  last: boolean;
}

/** Records one attempt and what it means for the delivery, in one statement. */
export async function recordDeliveryAttempt(pool: Pool, attempt: DeliveryAttempt, now: Date): Promise<void> {
  const status: DeliveryStatus = attempt.succeeded ? "succeeded" : "failed";
  const deliveryStatus: DeliveryStatus = attempt.succeeded ? "succeeded" : attempt.last ? "failed" : "pending";
  await pool.query({
    name: "jobline.record-delivery-attempt",
    text: `WITH attempt AS (
             INSERT INTO webhook_attempts (delivery_id, attempt, status, response_status, duration_ms, error, created_at)
             VALUES ($1, $2, $3::webhook_delivery_status, $4, $5, $6, $7)
           )
           UPDATE webhook_deliveries SET attempts = GREATEST(attempts, $2), status = $8::webhook_delivery_status,
             finished_at = CASE WHEN $8 = 'pending' THEN NULL ELSE $7::timestamptz END
           WHERE id = $1`,
    values: [attempt.deliveryId, attempt.attempt, status, attempt.responseStatus, attempt.durationMs, attempt.error, now, deliveryStatus],
  });
}

/** Ends a pending delivery `failed` without another attempt: it has had all it may. */
export async function failExhaustedDelivery(pool: Pool, id: string, now: Date): Promise<void> {
  await pool.query(`UPDATE webhook_deliveries SET status = 'failed', finished_at = $2 WHERE id = $1 AND status = 'pending'`, [id, now]);
}

/** One line of a job's delivery log: an attempt made, or a delivery waiting for its next one. */
export interface DeliveryLogEntry {
  id: string;
  event: string;
  url: string;
  attempt: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: Date;
}

/**
 * The job's delivery log, oldest first: every attempt of every delivery, then a `pending` line for each delivery
 * still waiting for an attempt. Scoped to `ownerId` unless it is null (admins).
 */
export async function readDeliveryLog(pool: Pool, jobId: string, ownerId: string | null): Promise<DeliveryLogEntry[]> {
  const { rows } = await pool.query<DeliveryLogEntry>(
    `SELECT * FROM (
       SELECT d.id, d.event, d.url, a.attempt, a.status, a.response_status AS "responseStatus", a.duration_ms AS "durationMs",
              a.error, a.created_at AS "createdAt", d.created_at AS "deliveryCreatedAt", a.id AS seq
       FROM webhook_deliveries d JOIN webhook_attempts a ON a.delivery_id = d.id
       WHERE d.job_id = $1 AND ($2::uuid IS NULL OR d.owner_id = $2)
       UNION ALL
       SELECT d.id, d.event, d.url, d.attempts + 1, d.status, NULL, NULL, NULL, d.created_at, d.created_at, NULL
       FROM webhook_deliveries d
       WHERE d.job_id = $1 AND ($2::uuid IS NULL OR d.owner_id = $2) AND d.status = 'pending'
     ) log
     ORDER BY "deliveryCreatedAt", id, seq NULLS LAST`,
    [jobId, ownerId],
  );
  return rows.map(
    ({ deliveryCreatedAt: _created, seq: _seq, ...entry }: DeliveryLogEntry & { deliveryCreatedAt?: Date; seq?: unknown }) => entry,
  );
}

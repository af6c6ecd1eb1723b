/**
 * Idempotency keys (`Idempotency-Key` on a submission). One row per (owner, key) in `idempotency_keys` holds the first
 * request's hash and the ids of the jobs it created, for 24 h.
 *
 * The claim is an `INSERT … ON CONFLICT` in the same statement that writes the jobs (`createJobs` in packages/db),
 * so concurrent duplicates serialise on the primary key: the first inserts and writes its jobs; the others wait for
 * it to commit, find its row, and are answered with its jobs (`replayOf`). A row past its window is taken over by the
 * next request.
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { readIdempotencyRecord, readJobs, type IdempotencyRecord, type JobRow, type Pool } from "@jobline/db";
import { IdempotencyKeyReusedError, StateConflictError } from "../errors";

export interface IdempotentRequest {
  key: string;
  /** `requestHash(route, body)`: what "the same request" means. */
  requestHash: string;
}

/** JSON with every object's keys sorted, so that two bodies that differ only in key order are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 of the route and the canonical body: the same key on the other route is a different request. */
export function requestHash(route: string, body: unknown): string {
  return createHash("sha256")
    .update(`${route}\n${canonicalJson(body)}`)
    .digest("hex");
}

/**
 * A claim not marked enqueued, older than the enqueue limit and this margin, belongs to a request whose entries were
 * written but whose claim was not marked (Postgres failed in between): its jobs are accepted.
 */
const enqueueMarginMs = 1000;
/** How often a duplicate looks again at a claim whose first request is still writing its entries. */
const enqueuePollMs = 20;

interface ReplayDeps {
  pool: Pool;
  config: { enqueueTimeoutMs: number };
}

/**
 * The earlier request's claim once that request is decided. While its queue entries are being written it may still
 * be taken back (Redis refusing), and answering with its jobs then would hand out ids that vanish: a duplicate waits,
 * at most as long as enqueueing may take.
 */
async function settledClaim(deps: ReplayDeps, ownerId: string, key: string): Promise<IdempotencyRecord | null> {
  for (;;) {
    const held = await readIdempotencyRecord(deps.pool, ownerId, key);
    const enqueuing =
      held !== null && held.enqueuedAt === null && Date.now() - held.createdAt.getTime() < deps.config.enqueueTimeoutMs + enqueueMarginMs;
    if (!enqueuing) return held;
    await sleep(enqueuePollMs);
  }
}

/** The jobs of the earlier request that holds the key, in its order; a different earlier request is refused. */
export async function replayOf(deps: ReplayDeps, ownerId: string, request: IdempotentRequest): Promise<JobRow[]> {
  const held = await settledClaim(deps, ownerId, request.key);
  // Gone, or only part of its jobs there: the first request was taken back (Redis refused it; its client got a 503).
  const incomplete = new StateConflictError(`the first request with Idempotency-Key "${request.key}" did not complete; send it again`);
  if (!held) throw incomplete;
  if (held.requestHash !== request.requestHash) {
    throw new IdempotencyKeyReusedError(`Idempotency-Key "${request.key}" was used in the last 24 h for a different request`);
  }
  const rows = await readJobs(deps.pool, held.jobIds, ownerId);
  if (rows.length !== held.jobIds.length) throw incomplete;
  return rows;
}

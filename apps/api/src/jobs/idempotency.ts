/**
 * Idempotency keys (`Idempotency-Key` on POST /v1/jobs and /v1/jobs/batch). One row per (owner, key) in
 * `idempotency_keys` holds the first request's hash and the ids of the jobs it created, for 24 h.
 *
 * The claim is an `INSERT … ON CONFLICT` in the same transaction that writes the jobs, so concurrent duplicates
 * serialise on the primary key: the first inserts and writes its jobs; the others wait for it to commit, find its
 * row, and answer with its jobs. A row past its window is taken over by the next request (the key counts as new).
 */
import { createHash } from "node:crypto";
import type { Prisma } from "@jobline/db";
import { limits } from "@jobline/jobs";

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

/** SHA-256 of the route and the canonical body: the same key on the other route is a different request (409). */
export function requestHash(route: string, body: unknown): string {
  return createHash("sha256").update(`${route}\n${canonicalJson(body)}`).digest("hex");
}

export type ClaimOutcome =
  | { kind: "claimed" }
  /** A live record of an earlier request (possibly a different one: compare the hash). */
  | { kind: "taken"; requestHash: string; jobIds: string[] };

/**
 * Claims the key for `jobIds` inside the caller's transaction, or reports who holds it. Blocks while another
 * transaction holds an uncommitted claim on the same key, which is what makes concurrent duplicates safe.
 */
export async function claimKey(
  tx: Prisma.TransactionClient,
  claim: IdempotentRequest & { ownerId: string; jobIds: string[]; now: Date },
): Promise<ClaimOutcome> {
  const expiredBefore = new Date(claim.now.getTime() - limits.idempotencyWindowMs);
  const claimed = await tx.$queryRaw<unknown[]>`
    INSERT INTO "idempotency_keys" ("owner_id", "key", "request_hash", "job_ids", "created_at")
    VALUES (${claim.ownerId}::uuid, ${claim.key}, ${claim.requestHash}, ${claim.jobIds}::uuid[], ${claim.now})
    ON CONFLICT ("owner_id", "key") DO UPDATE
      SET "request_hash" = EXCLUDED."request_hash", "job_ids" = EXCLUDED."job_ids", "created_at" = EXCLUDED."created_at"
      WHERE "idempotency_keys"."created_at" <= ${expiredBefore}
    RETURNING 1`;
  if (claimed.length > 0) return { kind: "claimed" };
  // Read committed: this statement sees the row the conflicting transaction committed.
  const held = await tx.idempotencyKey.findUniqueOrThrow({ where: { ownerId_key: { ownerId: claim.ownerId, key: claim.key } } });
  return { kind: "taken", requestHash: held.requestHash, jobIds: held.jobIds };
}

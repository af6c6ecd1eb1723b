/**
 * Idempotency keys (`Idempotency-Key` on POST /v1/jobs and /v1/jobs/batch). One row per (owner, key) in
 * `idempotency_keys` holds the first request's hash and the ids of the jobs it created, for 24 h.
 *
 * The claim is an `INSERT … ON CONFLICT` in the same statement that writes the jobs (`createJobs` in packages/db),
 * so concurrent duplicates serialise on the primary key: the first inserts and writes its jobs; the others wait for
 * it to commit, find its row, and answer with its jobs. A row past its window is taken over by the next request.
 */
import { createHash } from "node:crypto";

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

/**
 * The problem documents (RFC 9457) every error answer carries: one table of types, read by the API when it answers
 * and by the client when it reads the answer. A type's meaning never changes; new ones are added at the end.
 */

/** An error answer's body (`application/problem+json`). */
export interface ProblemDocument {
  /** `/problems/<slug>`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** For validation problems: which fields, e.g. `{ path: "payload.topic", message }`. */
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const problemTypes = {
  "malformed-request": { status: 400, title: "Malformed request" },
  unauthorized: { status: 401, title: "Missing, unknown or revoked token" },
  "operator-credentials": { status: 401, title: "Operator credentials are required" },
  forbidden: { status: 403, title: "The token lacks the scope this needs" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "The path does not answer this method" },
  "dashboard-action-off": { status: 405, title: "This dashboard action is switched off" },
  conflict: { status: 409, title: "The resource's state does not allow this" },
  "idempotency-key-reused": { status: 409, title: "This Idempotency-Key was used for a different request" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Send JSON (Content-Type: application/json)" },
  validation: { status: 422, title: "The request is not valid" },
  "rate-limited": { status: 429, title: "Too many requests for this owner; slow down" },
  "too-many-streams": { status: 429, title: "Too many event streams open" },
  "too-many-unfinished-jobs": { status: 429, title: "The owner has too many jobs not yet finished" },
  "too-many-auth-failures": { status: 429, title: "Too many failed authentications from this client; wait" },
  internal: { status: 500, title: "Internal error" },
  "dependency-unavailable": { status: 503, title: "A dependency is unavailable; try again shortly" },
  "too-many-schedules": { status: 409, title: "The owner has as many schedules as its limit allows" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof problemTypes;

/** The `type` member of a problem of this slug. */
export function problemType(slug: ProblemSlug): string {
  return `/problems/${slug}`;
}

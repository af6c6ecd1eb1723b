/**
 * The one table from an error to its answer: every error class that means something to a client, the engine's
 * domain errors and the edge's own (errors.ts), to a problem document (RFC 9457) of a type in `problemTypes`
 * (@jobline/contract), with the members and headers that type carries. Anything else is no client's business: the
 * problem handler answers it as a dependency failure or an internal error.
 */
import { problemType, problemTypes, type ProblemDocument, type ProblemSlug } from "@jobline/contract";
import {
  DependencyDownError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  NotFoundError,
  StateConflictError,
  TooManySchedulesError,
  UnfinishedJobsCapError,
} from "@jobline/engine";
import {
  BadRequestError,
  DashboardActionOffError,
  ForbiddenError,
  MethodNotAllowedError,
  OperatorCredentialsError,
  RateLimitedError,
  AuthFailuresBlockedError,
  TooManyStreamsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from "./errors";

/** A problem document and the headers that go with it. */
export interface Problem {
  document: ProblemDocument;
  headers: Record<string, string>;
}

/** Seconds a client should wait before retrying after a 503: dependencies usually come back within a few. */
export const dependencyRetryAfterSeconds = 2;

/** The problem of type `slug`: its `detail` (left out when empty), any members of its own, and its headers. */
export function problem(
  slug: ProblemSlug,
  detail: string,
  members: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Problem {
  const { status, title } = problemTypes[slug];
  const document: ProblemDocument = { type: problemType(slug), title, status };
  if (detail) document.detail = detail;
  return { document: { ...document, ...members }, headers };
}

const retryAfter = (seconds: number) => ({ "Retry-After": String(seconds) });

/** One class's answer, or null for an error of another class. */
type Rule = (error: unknown) => Problem | null;

function rule<E extends Error>(errorClass: abstract new (...args: never[]) => E, problemOf: (error: E) => Problem): Rule {
  return (error) => (error instanceof errorClass ? problemOf(error) : null);
}

const rules: readonly Rule[] = [
  rule(BadRequestError, (e) => problem("malformed-request", e.message)),
  rule(UnauthorizedError, (e) => problem("unauthorized", e.message, {}, { "WWW-Authenticate": 'Bearer realm="jobline"' })),
  rule(OperatorCredentialsError, (e) =>
    problem("operator-credentials", e.message, {}, { "WWW-Authenticate": 'Basic realm="jobline dashboard", charset="UTF-8"' }),
  ),
  rule(ForbiddenError, (e) => problem("forbidden", e.message)),
  rule(NotFoundError, (e) => problem("not-found", e.message)),
  rule(MethodNotAllowedError, (e) => problem("method-not-allowed", e.message, {}, { Allow: e.allowed.join(", ") })),
  // No method is allowed: the board shows the notice instead of offering another.
  rule(DashboardActionOffError, (e) => problem("dashboard-action-off", e.message, {}, { Allow: "" })),
  rule(StateConflictError, (e) => problem("conflict", e.message)),
  rule(IdempotencyKeyReusedError, (e) => problem("idempotency-key-reused", e.message)),
  rule(TooManySchedulesError, (e) => problem("too-many-schedules", e.message)),
  rule(InvalidInputError, (e) =>
    e.tooLarge ? problem("payload-too-large", e.message) : problem("validation", e.message, { errors: e.issues }),
  ),
  rule(UnsupportedMediaTypeError, (e) => problem("unsupported-media-type", e.message)),
  rule(RateLimitedError, (e) => problem("rate-limited", e.message, {}, retryAfter(e.retryAfterSeconds))),
  rule(AuthFailuresBlockedError, (e) => problem("too-many-auth-failures", e.message, {}, retryAfter(e.retryAfterSeconds))),
  rule(TooManyStreamsError, (e) => problem("too-many-streams", e.message, {}, retryAfter(e.retryAfterSeconds))),
  rule(UnfinishedJobsCapError, (e) => problem("too-many-unfinished-jobs", e.message, {}, retryAfter(e.retryAfterSeconds))),
  rule(DependencyDownError, (e) =>
    problem("dependency-unavailable", e.message, { dependency: e.dependency }, retryAfter(dependencyRetryAfterSeconds)),
  ),
];

/** The answer to a client for `error`, or null when its class means nothing to a client. */
export function problemOf(error: unknown): Problem | null {
  for (const answer of rules) {
    const found = answer(error);
    if (found) return found;
  }
  return null;
}

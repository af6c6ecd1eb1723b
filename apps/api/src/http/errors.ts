/**
 * Errors that mean something to a client. Route handlers throw these; `problem-handler.ts` turns them into
 * RFC 9457 problem documents. An error's meaning is its class.
 */
import type { ValidationIssue } from "@jobline/contract";

export abstract class HttpError extends Error {
  abstract readonly status: number;
  /** The last part of the problem type, `/problems/<slug>`. */
  abstract readonly slug: string;
  abstract readonly title: string;
}

export class BadRequestError extends HttpError {
  override name = "BadRequestError";
  readonly status = 400;
  readonly slug = "malformed-request";
  readonly title = "Malformed request";
}

export class UnauthorizedError extends HttpError {
  override name = "UnauthorizedError";
  readonly status = 401;
  readonly slug = "unauthorized";
  readonly title = "Missing, unknown or revoked token";
}

/** The dashboard's HTTP Basic credentials are missing or wrong (the API's routes take tokens instead). */
export class OperatorCredentialsError extends HttpError {
  override name = "OperatorCredentialsError";
  readonly status = 401;
  readonly slug = "operator-credentials";
  readonly title = "Operator credentials are required";
}

export class ForbiddenError extends HttpError {
  override name = "ForbiddenError";
  readonly status = 403;
  readonly slug = "forbidden";
  readonly title = "The token lacks the scope this needs";
}

export class NotFoundError extends HttpError {
  override name = "NotFoundError";
  readonly status = 404;
  readonly slug = "not-found";
  readonly title = "Not found";
}

/** The path exists, but not with this method; the answer's `Allow` header lists the ones it has. */
export class MethodNotAllowedError extends HttpError {
  override name = "MethodNotAllowedError";
  readonly status = 405;
  readonly slug = "method-not-allowed";
  readonly title = "The path does not answer this method";
}

/** A dashboard action Jobline does not carry into the job's row, so it is switched off (the message says why). */
export class DashboardActionOffError extends HttpError {
  override name = "DashboardActionOffError";
  readonly status = 405;
  readonly slug = "dashboard-action-off";
  readonly title = "This dashboard action is switched off";
}

export class ConflictError extends HttpError {
  override name = "ConflictError";
  readonly status = 409;
  readonly slug = "conflict";
  readonly title = "The resource's state does not allow this";
}

/** The `Idempotency-Key` was used within 24 h for a different request (body or route). */
export class IdempotencyKeyReusedError extends HttpError {
  override name = "IdempotencyKeyReusedError";
  readonly status = 409;
  readonly slug = "idempotency-key-reused";
  readonly title = "This Idempotency-Key was used for a different request";
}

export class PayloadTooLargeError extends HttpError {
  override name = "PayloadTooLargeError";
  readonly status = 413;
  readonly slug = "payload-too-large";
  readonly title = "Payload too large";
}

export class UnsupportedMediaTypeError extends HttpError {
  override name = "UnsupportedMediaTypeError";
  readonly status = 415;
  readonly slug = "unsupported-media-type";
  readonly title = "Send JSON (Content-Type: application/json)";
}

export class ValidationError extends HttpError {
  override name = "ValidationError";
  readonly status = 422;
  readonly slug = "validation";
  readonly title = "The request is not valid";
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "));
  }
}

/** Past a per-owner limit; the answer's `Retry-After` says when to try again. */
export abstract class TooManyRequestsError extends HttpError {
  readonly status = 429;
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}

export class RateLimitedError extends TooManyRequestsError {
  override name = "RateLimitedError";
  readonly slug = "rate-limited";
  readonly title = "Too many requests for this owner; slow down";
}

/** The owner (or the whole process) already holds as many event streams as it may. */
export class TooManyStreamsError extends TooManyRequestsError {
  override name = "TooManyStreamsError";
  readonly slug = "too-many-streams";
  readonly title = "Too many event streams open";
}

/** A submission would take the owner past its cap on jobs not yet finished. */
export class UnfinishedJobsCapError extends TooManyRequestsError {
  override name = "UnfinishedJobsCapError";
  readonly slug = "too-many-unfinished-jobs";
  readonly title = "The owner has too many jobs not yet finished";
}

export class DependencyUnavailableError extends HttpError {
  override name = "DependencyUnavailableError";
  readonly status = 503;
  readonly slug = "dependency-unavailable";
  readonly title = "A dependency is unavailable; try again shortly";
}

/**
 * What the client throws when the API answers with an error. The class says what happened, decided by the status:
 * branch with `instanceof`, never on message text. The problem document (RFC 9457) is kept as it came.
 */
import type { ProblemDocument } from "@jobline/contract";

export type { ProblemDocument };

/** Any answer outside 2xx. */
export class JoblineError extends Error {
  override name = "JoblineError";
  /** `/problems/<slug>`, or `about:blank` when the answer was not a problem document (a proxy's error page). */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** For validation errors: which fields, e.g. `{ path: "payload.topic", message }`. Empty otherwise. */
  readonly errors: { path: string; message: string }[];

  constructor(
    readonly status: number,
    /** The problem document, or null when the body was not one. */
    readonly problem: ProblemDocument | null,
    /** What `Retry-After` asked for, in milliseconds, when the answer had one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `the API answered ${status}`);
    this.type = problem?.type ?? "about:blank";
    this.title = problem?.title ?? `HTTP ${status}`;
    this.detail = problem?.detail;
    this.errors = problem?.errors ?? [];
  }
}

/** 400: the request was malformed (not valid JSON, a broken URL). */
export class BadRequestError extends JoblineError {
  override name = "BadRequestError";
}

/** 401: no token, or an unknown or revoked one. */
export class AuthenticationError extends JoblineError {
  override name = "AuthenticationError";
}

/** 403: the token lacks the scope this needs. */
export class PermissionError extends JoblineError {
  override name = "PermissionError";
}

/** 404: no such resource, or not yours (the API does not tell the two apart). */
export class NotFoundError extends JoblineError {
  override name = "NotFoundError";
}

/** 409: the resource's state does not allow this (cancel a finished job), or an Idempotency-Key reused for another body. */
export class ConflictError extends JoblineError {
  override name = "ConflictError";
}

/** 413 and 422: the request is well-formed but not acceptable; `errors` lists the fields. */
export class ValidationError extends JoblineError {
  override name = "ValidationError";
}

/** 429: over the owner's request rate or unfinished-job cap; `retryAfterMs` says when to come back. */
export class RateLimitedError extends JoblineError {
  override name = "RateLimitedError";
}

/** 5xx: the API or one of its dependencies is down; worth retrying later. */
export class UnavailableError extends JoblineError {
  override name = "UnavailableError";
}

type ErrorClass = new (status: number, problem: ProblemDocument | null, retryAfterMs: number | null) => JoblineError;

const byStatus: Record<number, ErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  413: ValidationError,
  422: ValidationError,
  429: RateLimitedError,
};

/** The error for an answer with `status`. */
export function errorForStatus(status: number, problem: ProblemDocument | null, retryAfterMs: number | null): JoblineError {
  const Class = byStatus[status] ?? (status >= 500 ? UnavailableError : JoblineError);
  return new Class(status, problem, retryAfterMs);
}

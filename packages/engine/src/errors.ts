/**
 * What can go wrong in an operation on a job, as the engine says it: a small class per meaning, decided by
 * `instanceof`, never by message text. The engine knows nothing of HTTP; the API's edge maps each class to a problem
 * document in one table (apps/api/src/http/problem-of.ts).
 */
import type { ValidationIssue } from "@jobline/contract";

/** No such job or schedule, or not the caller's: the two look the same. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** The resource's current state does not allow the operation (cancel a finished job, re-drive a running one). */
export class StateConflictError extends Error {
  override name = "StateConflictError";
}

/** An idempotency key used within its window for a different request. */
export class IdempotencyKeyReusedError extends Error {
  override name = "IdempotencyKeyReusedError";
}

/** Input the engine refuses, with every issue found; `tooLarge` when a size limit is among them. */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
  constructor(
    readonly issues: ValidationIssue[],
    readonly tooLarge = false,
  ) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "));
  }
}

/** A submission would take the owner past its cap on unfinished jobs; the room comes back within `retryAfterSeconds`. */
export class UnfinishedJobsCapError extends Error {
  override name = "UnfinishedJobsCapError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The owner has as many schedules as its limit allows: one must go before another can be created. */
export class TooManySchedulesError extends Error {
  override name = "TooManySchedulesError";
}

/** Postgres or Redis did not answer; `message` says what that left undone. Worth trying again shortly. */
export class DependencyDownError extends Error {
  override name = "DependencyDownError";
  constructor(
    readonly dependency: "postgres" | "redis",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The HTTP edge's own errors: what goes wrong with a request as a request (its form, its credentials, its method,
 * its rate), before or around any operation on a job. The engine's domain errors say the rest. An error's meaning is
 * its class; `problem-of.ts` maps every class, these and the engine's, to its problem document.
 */

/** The request cannot be read: JSON that does not parse, a body that is not the encoding it says, a broken URL. */
export class BadRequestError extends Error {
  override name = "BadRequestError";
}

/** No bearer token, or one that is unknown, revoked or expired. */
export class UnauthorizedError extends Error {
  override name = "UnauthorizedError";
}

/** The dashboard's HTTP Basic credentials are missing or wrong (the API's routes take tokens instead). */
export class OperatorCredentialsError extends Error {
  override name = "OperatorCredentialsError";
}

/** The token lacks the scope the route needs. */
export class ForbiddenError extends Error {
  override name = "ForbiddenError";
}

/** The path exists, but not with this method; `allowed` lists the ones it has (the answer's `Allow`). */
export class MethodNotAllowedError extends Error {
  override name = "MethodNotAllowedError";
  constructor(
    message: string,
    readonly allowed: readonly string[],
  ) {
    super(message);
  }
}

/** A dashboard action Jobline does not carry into the job's row, so it is switched off (the message says why). */
export class DashboardActionOffError extends Error {
  override name = "DashboardActionOffError";
}

/** A body that is not `application/json`, or JSON in a charset other than UTF-8. */
export class UnsupportedMediaTypeError extends Error {
  override name = "UnsupportedMediaTypeError";
}

/** The owner's requests this minute passed its rate; the room comes back within `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  override name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The client address (or dashboard user name) failed to authenticate too often: its unknown tokens and wrong
 * passwords are refused without a look-up for `retryAfterSeconds`.
 */
export class AuthFailuresBlockedError extends Error {
  override name = "AuthFailuresBlockedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The owner (or the whole process) already holds as many event streams as it may. */
export class TooManyStreamsError extends Error {
  override name = "TooManyStreamsError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

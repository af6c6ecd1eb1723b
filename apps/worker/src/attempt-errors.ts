/**
 * What an attempt can fail with, by class (never by message): `PermanentJobError` and its subclasses end the job at
 * once, without spending its remaining attempts; the others are retried while attempts are left.
 */

/**
 * Thrown by a handler (or the lifecycle) when running the job again cannot help: bad input, a refused request.
 * The job fails at once, without spending its remaining attempts, and goes to the dead-letter queue.
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** The payload does not match its type's schema. The API validates on submit, so this means drift or a hand-made entry. */
export class InvalidPayloadError extends PermanentJobError {
  override name = "InvalidPayloadError";
}

/** The handler returned something its type's result schema rejects: a bug that another attempt would repeat. */
export class InvalidResultError extends PermanentJobError {
  override name = "InvalidResultError";
}

/**
 * A handler stopped building its output because it would pass the result limit: the same payload would only do it
 * again, so the job fails at once.
 */
export class OutputTooLargeError extends PermanentJobError {
  override name = "OutputTooLargeError";
}

/** The attempt was told to stop (its cancel, i.e. a client or an operator cancelled the job). Not retried. */
export class JobCancelledError extends PermanentJobError {
  override name = "JobCancelledError";
}

/** The entry names a type this worker does not serve (a demo type where demo jobs are off, or a removed type). */
export class UnknownJobTypeError extends PermanentJobError {
  override name = "UnknownJobTypeError";
}

/** The attempt ran longer than the job's `timeoutMs`. Retryable: the next attempt may be faster. */
export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";

  constructor(readonly timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
  }
}

/** A hook's `before` threw: the attempt did not run its handler. Retryable, like the failure of any other dependency. */
export class AttemptHookError extends Error {
  override name = "AttemptHookError";
}

/**
 * The worker is shutting down and its grace period ran out before the attempt finished. The attempt is not
 * the job's fault, so it does not count: the entry goes back to the queue for another worker.
 */
export class WorkerShutdownError extends Error {
  override name = "WorkerShutdownError";

  constructor() {
    super("the worker shut down before the attempt finished; it will run again");
  }
}

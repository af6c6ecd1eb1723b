/** The attempt ran longer than the job's `timeoutMs`. Retryable: the next attempt may be faster. */
export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";

  constructor(readonly timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
  }
}

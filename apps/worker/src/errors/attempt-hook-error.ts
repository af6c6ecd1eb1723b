/** A hook's `before` threw: the attempt did not run its handler. Retryable, like the failure of any other dependency. */
export class AttemptHookError extends Error {
  override name = "AttemptHookError";
}

/**
 * Thrown by a handler (or the lifecycle) when running the job again cannot help: bad input, a refused request.
 * The job fails at once, without spending its remaining attempts, and goes to the dead-letter queue.
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

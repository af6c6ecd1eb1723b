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

import type { AnyJob } from "./job";

/** `jobs.wait` ran out of time before the job finished. The job is left running; `lastSeen` is how it looked last. */
export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
    readonly lastSeen: AnyJob | null,
  ) {
    super(`job ${jobId} did not finish within ${timeoutMs} ms${lastSeen ? ` (last seen ${lastSeen.status})` : ""}`);
  }
}

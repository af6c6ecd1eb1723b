/** Recording a failed attempt that will run again: the row goes to `retrying` with the attempt's error. */
import type { AttemptError, JobDoor, MovedJob } from "@jobline/db";

export interface AttemptRetry {
  jobId: string;
  attempt: number;
  error: AttemptError;
}

/** The job as the write left it, or null when the row moved on (cancelled while the attempt ran). */
export function retryAttempt(door: JobDoor, retry: AttemptRetry, options: { durable?: boolean } = {}): Promise<MovedJob | null> {
  return door.transition({ jobId: retry.jobId }, { to: "retrying", attempt: retry.attempt, error: retry.error }, options);
}

import { PermanentJobError } from "./permanent-job-error";

/** The attempt was told to stop (`worker.cancelJob`, i.e. a client or an operator cancelled the job). Not retried. */
export class JobCancelledError extends PermanentJobError {
  override name = "JobCancelledError";
}

import { PermanentJobError } from "./permanent-job-error";

/** The entry names a type this worker does not serve (a demo type where demo jobs are off, or a removed type). */
export class UnknownJobTypeError extends PermanentJobError {
  override name = "UnknownJobTypeError";
}

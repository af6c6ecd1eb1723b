import { PermanentJobError } from "./permanent-job-error";

/** The handler returned something its type's result schema rejects: a bug that another attempt would repeat. */
export class InvalidResultError extends PermanentJobError {
  override name = "InvalidResultError";
}

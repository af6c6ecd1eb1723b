import { PermanentJobError } from "./permanent-job-error";

/** The payload does not match its type's schema. The API validates on submit, so this means drift or a hand-made entry. */
export class InvalidPayloadError extends PermanentJobError {
  override name = "InvalidPayloadError";
}

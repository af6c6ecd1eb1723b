/**
 * How the engine refuses what the contract's checks found wrong: one `InvalidInputError` with every issue of every
 * failed check, flagged too large when any payload passed its size limit (the edge answers 413 then, else 422).
 */
import type { CheckFailure } from "@jobline/contract";
import { InvalidInputError } from "../errors";

export function invalidInputOf(failures: readonly CheckFailure[]): InvalidInputError {
  return new InvalidInputError(
    failures.flatMap((failure) => failure.issues),
    failures.some((failure) => failure.payloadTooLarge === true),
  );
}

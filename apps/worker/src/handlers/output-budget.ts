import { limits } from "@jobline/contract";
import { OutputTooLargeError } from "../attempt-errors";

/**
 * A handler whose output can grow faster than its payload (one line per group and measure) charges each piece as it
 * builds it, and stops at the result limit instead of building tens of megabytes that the check after the attempt
 * would only throw away. The count is the pieces' UTF-8 bytes, a close lower bound of the result's JSON; that check
 * stays the exact one.
 */
export interface OutputBudget {
  /** Counts `text` (or a number of bytes) against the budget; throws OutputTooLargeError once it is spent. */
  charge(text: string | number): void;
}

export function outputBudget(maxBytes: number = limits.maxResultBytes): OutputBudget {
  let spent = 0;
  return {
    charge(text) {
      spent += typeof text === "number" ? text : Buffer.byteLength(text);
      if (spent > maxBytes) throw new OutputTooLargeError(`the output would be more than ${maxBytes} bytes, the result limit`);
    },
  };
}

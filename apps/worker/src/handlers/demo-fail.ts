import { PermanentJobError } from "../attempt-errors";
import type { Handler } from "./handler";

/** Fails attempts 1..failTimes, then succeeds: retries and dead-lettering can be seen (and tested) end to end. */
export const demoFail: Handler<"demo.fail"> = async ({ failTimes, retryable }, { attempt }) => {
  if (attempt <= failTimes) {
    const message = `demo.fail: attempt ${attempt} fails (failTimes=${failTimes})`;
    throw retryable ? new Error(message) : new PermanentJobError(message);
  }
  return { succeededOnAttempt: attempt };
};

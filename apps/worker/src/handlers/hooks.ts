/**
 * The hooks every attempt runs through, in order (see hook.ts for when each part runs). Add yours here: opening a
 * resource for the handlers (`attempt.locals`), adding a log field (`attempt.logFields`), timing or tracing attempts.
 */
import type { AttemptHook } from "./hook";

/** Share of its timeout past which a finished attempt is worth a warning: the next slower run will time out. */
const nearTimeoutShare = 0.8;

/** Warns about attempts that finished close to their timeout, so an operator raises it before jobs start failing. */
export const nearTimeoutWarning: AttemptHook = {
  name: "near-timeout-warning",
  after(attempt, outcome, log) {
    if (outcome.durationMs >= attempt.timeoutMs * nearTimeoutShare) {
      log.warn({ durationMs: outcome.durationMs, timeoutMs: attempt.timeoutMs }, "attempt ran close to its timeout");
    }
  },
};

export const hooks: readonly AttemptHook[] = [nearTimeoutWarning];

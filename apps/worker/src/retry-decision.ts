import { UnrecoverableError } from "bullmq";
import { PermanentJobError } from "./attempt-errors";

/** What becomes of a job after a failed attempt. */
export type FailureDecision =
  /** Not retryable: fail now, whatever attempts are left. */
  | { action: "fail"; reason: "permanent" }
  /** Retryable, but that was the last attempt. */
  | { action: "fail"; reason: "exhausted" }
  | { action: "retry" };

/** Retryable or not is the error's class, never its message. BullMQ's own `UnrecoverableError` counts as permanent too. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof PermanentJobError || error instanceof UnrecoverableError);
}

/**
 * @param attempt the attempt that just failed, 1-based
 * @param maxAttempts the entry's `attempts` (the row's `maxAttempts`), the same number BullMQ decides by
 */
export function decideAfterFailure(error: unknown, attempt: number, maxAttempts: number): FailureDecision {
  if (!isRetryable(error)) return { action: "fail", reason: "permanent" };
  if (attempt >= maxAttempts) return { action: "fail", reason: "exhausted" };
  return { action: "retry" };
}

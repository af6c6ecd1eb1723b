import { z } from "zod";

export const BackoffPolicySchema = z.object({
  type: z.literal("exponential"),
  /** Delay before the second attempt; each later one doubles it. */
  delayMs: z.number().int().min(0),
  /** Upper bound for any single delay. */
  maxDelayMs: z.number().int().min(0),
  /** Share of the delay that is randomised (0 = none, 1 = "full jitter"), so retries of a burst spread out. */
  jitter: z.number().min(0).max(1),
});
export type BackoffPolicy = z.infer<typeof BackoffPolicySchema>;

/**
 * Delay before the next attempt after `attemptsMade` failed ones (1 = the first attempt failed).
 * `random` is injectable so the jitter can be tested.
 */
export function backoffDelay(attemptsMade: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const full = Math.min(policy.maxDelayMs, policy.delayMs * 2 ** exponent);
  const jittered = full * (1 - policy.jitter) + full * policy.jitter * random();
  return Math.round(jittered);
}

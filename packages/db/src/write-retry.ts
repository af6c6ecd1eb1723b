/**
 * A durable write outlives a Postgres outage: a worker's attempt outcome exists only in its process until the row
 * says it. While Postgres is unreachable the write is retried with capped exponential backoff (BullMQ keeps renewing
 * the entry's lock meanwhile, because the processor has not returned). Any other error fails at once.
 * After `maxMs`, or when `stop` aborts (the shutdown grace ran out), the last error is thrown; the entry then
 * finishes in BullMQ with the outcome, and the reconciler brings the row up to date from it.
 * The door (job-door.ts) applies this to a whole group-committed set of writes.
 */
import { isDatabaseUnreachable } from "./database-unreachable";
import { setTimeout as sleep } from "node:timers/promises";

export interface WriteRetryPolicy {
  /** Give up after this long. */
  maxMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const defaultWriteRetry: WriteRetryPolicy = { maxMs: 5 * 60_000, firstDelayMs: 200, maxDelayMs: 5000 };

export async function retryWhileUnreachable<T>(
  write: () => Promise<T>,
  options: { policy: WriteRetryPolicy; stop?: AbortSignal; onRetry?(error: unknown, delayMs: number): void },
): Promise<T> {
  const { policy } = options;
  const deadline = Date.now() + policy.maxMs;
  for (let retry = 0; ; retry += 1) {
    try {
      return await write();
    } catch (error) {
      const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** retry);
      if (!isDatabaseUnreachable(error) || options.stop?.aborted || Date.now() + delayMs > deadline) throw error;
      options.onRetry?.(error, delayMs);
      try {
        await sleep(delayMs, undefined, { signal: options.stop });
      } catch {
        throw error;
      }
    }
  }
}

/** When and how long the client waits before sending a request again. */

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** No single wait is longer than this, whatever `Retry-After` asks for. */
  maxDelayMs: number;
}

export const defaultRetry: RetryOptions = { attempts: 3, maxDelayMs: 30_000 };

/** Milliseconds a `Retry-After` value asks for: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential with full jitter from `baseMs`: the n-th wait (0-based) is up to `baseMs * 2^n`. */
export function backoffDelay(retry: number, baseMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, Math.random() * baseMs * 2 ** retry);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

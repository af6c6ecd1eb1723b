/**
 * The worker's first shutdown step: stop taking jobs and let running attempts finish within the grace, then interrupt
 * them (it goes by the count of running attempts, running-attempts.ts). The rest of the sequence (packages/engine `createShutdown`)
 * closes connections in order.
 */
import { within } from "@jobline/engine";
import type { Logger } from "pino";

/** How often a drain looks whether it still has a reason to wait. */
const drainCheckMs = 200;

export interface Closable {
  close(): Promise<void>;
}

/** Resolves once `condition` holds (looked at every `drainCheckMs`); never, if `stop` fires first. */
function until(condition: () => boolean, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (stop.aborted) return;
      if (condition()) resolve();
      else setTimeout(check, drainCheckMs).unref();
    };
    check();
  });
}

/**
 * Closes the queue workers: they stop fetching at once and wait for running attempts. When `graceMs` runs out,
 * `interrupt` aborts the attempts still running (they go back to the queue, see lifecycle.ts). BullMQ's
 * `close(true)` cannot do this part: `close()` is memoised, so a forced call after a graceful one is a no-op.
 * `afterInterruptMs` bounds the wait for interrupted attempts to hand their entries back.
 *
 * With Redis unreachable BullMQ's `close()` cannot finish; once no attempt is running there is nothing left to wait
 * for (an attempt's outcome goes to Postgres, and its entry is recovered as stalled), so the drain ends there rather
 * than spending the whole grace.
 */
export async function drainWorkers(
  workers: readonly Closable[],
  options: {
    graceMs: number;
    afterInterruptMs: number;
    interrupt(): void;
    logger: Pick<Logger, "info" | "warn">;
    /** Attempts running now, and whether Redis answers now; without them the drain waits for `close()` alone. */
    running?(): number;
    redisReachable?(): boolean;
  },
): Promise<void> {
  const closed = Promise.all(workers.map((worker) => worker.close()));
  options.logger.info({ graceMs: options.graceMs }, "stopped taking jobs; waiting for running attempts");
  const { running, redisReachable } = options;
  const stranded = new AbortController();
  const idleWithoutRedis =
    running && redisReachable
      ? until(() => running() === 0 && !redisReachable(), stranded.signal).then(() => {
          options.logger.warn("redis is unreachable and no attempt is running: not waiting for the queue workers to close");
        })
      : new Promise<void>(() => undefined);
  const settled = Promise.race([closed, idleWithoutRedis]);
  try {
    if (await within(settled, options.graceMs)) return;
    options.logger.warn("shutdown grace ran out; interrupting running attempts");
    options.interrupt();
    if (!(await within(settled, options.afterInterruptMs))) {
      throw new Error(`queue workers did not stop within ${options.afterInterruptMs} ms of interrupting their attempts`);
    }
  } finally {
    stranded.abort();
  }
}

/**
 * Shutdown as a sequence. The first SIGTERM/SIGINT stops taking jobs and lets running ones finish within the
 * grace period; then connections close in order. Every step runs even when an earlier one failed (each failure
 * is logged), a second call reuses the first one's promise, and a second signal exits at once.
 */
import type { Logger } from "pino";

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
  /** A step that hangs (a connection that never answers) counts as failed after this long, so the rest still run. */
  timeoutMs?: number;
  /**
   * The step talks to Redis. While Redis is unreachable such a step cannot finish (ioredis queues its commands until
   * a reconnect), so it gets `unreachableTimeoutMs` instead of its own timeout.
   */
  needsRedis?: boolean;
}

export interface ShutdownOptions {
  /** Whether Redis answers now. */
  redisReachable(): boolean;
}

const defaultStepTimeoutMs = 10_000;
/** Long enough for a step that does not need Redis after all; short enough that a stop with Redis down is quick. */
const unreachableTimeoutMs = 1000;
/** How often a drain looks whether it still has a reason to wait. */
const drainCheckMs = 200;

/** Resolves with whether every step succeeded. Memoised: later calls get the same promise. */
export type Shutdown = () => Promise<boolean>;

export function createShutdown(steps: readonly ShutdownStep[], logger: Pick<Logger, "info" | "error">, options?: ShutdownOptions): Shutdown {
  let closing: Promise<boolean> | undefined;
  const run = async (): Promise<boolean> => {
    let clean = true;
    for (const step of steps) {
      try {
        const timeoutMs = step.needsRedis && options && !options.redisReachable() ? unreachableTimeoutMs : (step.timeoutMs ?? defaultStepTimeoutMs);
        if (!(await within(step.run(), timeoutMs))) throw new Error(`did not finish within ${timeoutMs} ms`);
      } catch (error) {
        clean = false;
        logger.error({ err: error, step: step.name }, "shutdown step failed; continuing");
      }
    }
    logger.info({ clean }, "worker stopped");
    return clean;
  };
  return () => {
    closing ??= run();
    return closing;
  };
}

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

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
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

/**
 * SIGTERM and SIGINT start the shutdown and exit with 0 when it was clean, 1 otherwise. A second signal means
 * "now": the operator gave up waiting, so exit at once (entries still active are picked up again as stalled).
 */
export function exitOnSignals(shutdown: Shutdown, exit: (code: number) => void, logger: Pick<Logger, "info" | "warn">): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      logger.warn({ signal }, "second signal: exiting without waiting");
      exit(1);
      return;
    }
    received = true;
    logger.info({ signal }, "shutting down");
    void shutdown().then((clean) => exit(clean ? 0 : 1));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * Shutdown as one ordered sequence, for every process: each step runs even when an earlier one failed (each failure
 * is logged), a step that hangs counts as failed after its timeout so the rest still run, a second call reuses the
 * first one's promise, and a second signal exits at once.
 */

/** What the sequence reports to: a pino logger fits. */
export interface ShutdownLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

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
  /** Whether Redis answers now (default: always). */
  redisReachable?(): boolean;
  /** Who stops, for the last line: "worker stopped". */
  name?: string;
}

const defaultStepTimeoutMs = 10_000;
/** Long enough for a step that does not need Redis after all; short enough that a stop with Redis down is quick. */
const unreachableTimeoutMs = 1000;

/** Resolves with whether every step succeeded. Memoised: later calls get the same promise. */
export type Shutdown = () => Promise<boolean>;

export function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

export function createShutdown(
  steps: readonly ShutdownStep[],
  logger: Pick<ShutdownLog, "info" | "error">,
  options?: ShutdownOptions,
): Shutdown {
  let closing: Promise<boolean> | undefined;
  const run = async (): Promise<boolean> => {
    let clean = true;
    for (const step of steps) {
      try {
        const timeoutMs =
          step.needsRedis && options?.redisReachable && !options.redisReachable()
            ? unreachableTimeoutMs
            : (step.timeoutMs ?? defaultStepTimeoutMs);
        if (
          !(await within(
            Promise.resolve().then(() => step.run()),
            timeoutMs,
          ))
        )
          throw new Error(`did not finish within ${timeoutMs} ms`);
      } catch (error) {
        clean = false;
        logger.error({ err: error, step: step.name }, "shutdown step failed; continuing");
      }
    }
    logger.info({ clean }, `${options?.name ?? "process"} stopped`);
    return clean;
  };
  return () => {
    closing ??= run();
    return closing;
  };
}

/**
 * SIGTERM and SIGINT start the shutdown and exit with 0 when it was clean, 1 otherwise. A second signal means
 * "now": the operator gave up waiting, so exit at once (a worker's entries still active are picked up again as stalled).
 */
export function exitOnSignals(shutdown: Shutdown, exit: (code: number) => void, logger: Pick<ShutdownLog, "info" | "warn">): void {
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

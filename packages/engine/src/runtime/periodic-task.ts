/**
 * A chore a process repeats on an interval (the reconciler, the schedule restorer, the retention and webhook sweeps): one run at a
 * time (a call while one runs joins it), failures reported and never thrown (the next interval tries again), a
 * timer that never keeps the process alive, and a stop that aborts the run's signal and waits for it.
 */
export interface PeriodicTask<T> {
  /** One run now, or the one in progress; undefined once stopped or when the run failed. */
  runOnce(): Promise<T | undefined>;
  stop(): Promise<void>;
}

export function startPeriodicTask<T>(options: {
  /** 0: never on a timer (runOnce still works). */
  intervalMs: number;
  run(signal: AbortSignal): Promise<T>;
  onError(error: unknown): void;
}): PeriodicTask<T> {
  let running: Promise<T | undefined> | undefined;
  const stopping = new AbortController();
  const runOnce = (): Promise<T | undefined> => {
    if (stopping.signal.aborted) return Promise.resolve(undefined);
    running ??= options
      .run(stopping.signal)
      .catch((error: unknown) => {
        options.onError(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = options.intervalMs > 0 ? setInterval(() => void runOnce(), options.intervalMs).unref() : undefined;
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}

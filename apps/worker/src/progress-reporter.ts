/**
 * Progress from a handler, written to the row without letting the handler wait for Postgres.
 * A handler may report thousands of times a second; the row gets at most one write per interval (the newest
 * value wins), one write at a time, and the last value is never lost: `flush` writes it when the attempt ends.
 */

/** Time, injectable so the throttle is tested without sleeping. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ProgressReporter {
  /** Never throws and never blocks; values outside 0..100 are clamped, non-numbers ignored. */
  report(progress: number): void;
  /** Stops the throttle, waits for a write in flight, then writes the newest unwritten value, if any. */
  flush(): Promise<void>;
}

export interface ProgressReporterOptions {
  write(progress: number): Promise<unknown>;
  /** Failures are reported here and otherwise ignored: progress is a hint, not worth failing a job over. */
  onError(error: unknown): void;
  intervalMs: number;
  clock?: Clock;
}

export function createProgressReporter({ write, onError, intervalMs, clock = systemClock }: ProgressReporterOptions): ProgressReporter {
  let pending: number | undefined;
  let lastQueued: number | undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;
  let flushed = false;

  const startWrite = (): void => {
    const value = pending!;
    pending = undefined;
    lastWriteAt = clock.now();
    let writing: Promise<unknown>;
    try {
      writing = write(value);
    } catch (error) {
      writing = Promise.reject(error);
    }
    inFlight = writing
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        inFlight = undefined;
        if (!flushed && pending !== undefined) pump();
      });
  };

  // Writes now if the interval has passed and nothing is in flight; otherwise makes sure a write follows later.
  const pump = (): void => {
    if (inFlight !== undefined || timer !== undefined || pending === undefined) return;
    const wait = lastWriteAt + intervalMs - clock.now();
    if (wait <= 0) {
      startWrite();
      return;
    }
    timer = clock.setTimeout(() => {
      timer = undefined;
      if (!flushed) pump();
    }, wait);
  };

  return {
    report(progress) {
      if (flushed || typeof progress !== "number" || Number.isNaN(progress)) return;
      const value = Math.min(100, Math.max(0, progress));
      if (value === lastQueued) return;
      lastQueued = value;
      pending = value;
      pump();
    },
    async flush() {
      flushed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      await inFlight;
      if (pending !== undefined) {
        startWrite();
        await inFlight;
      }
    },
  };
}

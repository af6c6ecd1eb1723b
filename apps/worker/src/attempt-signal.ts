/**
 * What stops an attempt: whichever comes first of the job's timeout, its cancel (the cancel listener's, see
 * running-attempts.ts), or the end of the shutdown grace. The reason is always one of our error classes, so the
 * lifecycle knows why the attempt stopped without reading messages. The handler's AbortSignal is made the first time
 * it is read: most handlers never look, and an AbortController per attempt was a percent of the worker's CPU in a drain.
 */
import { JobCancelledError, JobTimeoutError } from "./attempt-errors";
import type { AttemptCancel } from "./running-attempts";

export interface AttemptSignal {
  /** Fires with the reason the attempt stopped. */
  readonly signal: AbortSignal;
  /**
   * Settles with `work`, or rejects with the reason as soon as the attempt is stopped. A handler that ignores its
   * signal (a tight CPU loop) keeps running in the background, but the attempt ends on time and the slot is freed.
   */
  race<T>(work: Promise<T>): Promise<T>;
  /** Clears the timer and listeners; call when the attempt ends, however it ends. */
  dispose(): void;
}

export function createAttemptSignal(options: { timeoutMs: number; cancel: AttemptCancel; shutdown: AbortSignal }): AttemptSignal {
  let stopped: Error | undefined;
  let controller: AbortController | undefined;
  let rejectRace: ((reason: Error) => void) | undefined;
  const stop = (reason: Error): void => {
    if (stopped) return;
    stopped = reason;
    controller?.abort(reason);
    rejectRace?.(reason);
  };
  const onCancel = (): void => {
    const { reason } = options.cancel;
    stop(new JobCancelledError(reason ? `cancelled: ${reason}` : "cancelled"));
  };
  const onShutdown = (): void => stop(options.shutdown.reason as Error);
  const timer = setTimeout(() => stop(new JobTimeoutError(options.timeoutMs)), options.timeoutMs);

  if (options.shutdown.aborted) onShutdown();
  else options.shutdown.addEventListener("abort", onShutdown, { once: true });
  if (options.cancel.requested) onCancel();
  else options.cancel.listener = onCancel;

  return {
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (stopped) controller.abort(stopped);
      }
      return controller.signal;
    },
    race<T>(work: Promise<T>): Promise<T> {
      if (stopped) return Promise.reject(stopped);
      return new Promise<T>((resolve, reject) => {
        rejectRace = reject;
        work.then(resolve, reject);
      });
    },
    dispose() {
      clearTimeout(timer);
      options.cancel.listener = undefined;
      options.shutdown.removeEventListener("abort", onShutdown);
    },
  };
}

/**
 * One AbortSignal per attempt, fired by whichever comes first: the job's timeout, a cancellation through
 * BullMQ (`worker.cancelJob`), or the end of the shutdown grace. Its `reason` is always one of our error
 * classes, so the lifecycle knows why the attempt stopped without reading messages.
 */
import { JobCancelledError, JobTimeoutError } from "./attempt-errors";

export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Clears the timer and listeners; call when the attempt ends, however it ends. */
  dispose(): void;
}

export function createAttemptSignal(options: { timeoutMs: number; cancel?: AbortSignal; shutdown: AbortSignal }): AttemptSignal {
  const controller = new AbortController();
  const abort = (reason: Error): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onCancel = (): void => {
    const reason: unknown = options.cancel?.reason;
    abort(new JobCancelledError(typeof reason === "string" && reason !== "" ? `cancelled: ${reason}` : "cancelled"));
  };
  const onShutdown = (): void => abort(options.shutdown.reason as Error);
  const timer = setTimeout(() => abort(new JobTimeoutError(options.timeoutMs)), options.timeoutMs);

  if (options.shutdown.aborted) onShutdown();
  else options.shutdown.addEventListener("abort", onShutdown, { once: true });
  if (options.cancel?.aborted) onCancel();
  else options.cancel?.addEventListener("abort", onCancel, { once: true });

  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      options.cancel?.removeEventListener("abort", onCancel);
      options.shutdown.removeEventListener("abort", onShutdown);
    },
  };
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it fires. A handler that ignores its signal
 * (a tight CPU loop) keeps running in the background, but the attempt ends on time and the slot is freed.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

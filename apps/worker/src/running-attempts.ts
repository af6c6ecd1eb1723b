/**
 * The attempts this process runs, by job id: their count (shutdown tells an idle worker from a busy one by it) and a
 * cancel for each, which the cancel listener files (cancel-listener.ts) and the attempt's signal listens to
 * (attempt-signal.ts). The processor BullMQ gets takes no AbortSignal, so BullMQ makes no AbortController per job
 * (with ours, two per job were a percent of the worker's CPU in a drain).
 */
import type { AttemptJob, AttemptReturn, JobProcessor } from "./lifecycle";

/** A cancel for one running attempt. */
export interface AttemptCancel {
  /** Whether a cancel came, and the reason it gave. */
  requested: boolean;
  reason?: string;
  /** Called when it comes; set by the attempt's signal while it listens. */
  listener?: () => void;
}

export interface RunningAttempts {
  /** BullMQ's processor: each attempt tracked, with its cancel, while it runs. */
  processor: (job: AttemptJob, token?: string) => Promise<AttemptReturn | undefined>;
  count(): number;
  /** Cancels the running attempt of `jobId`; false when this process runs none. */
  cancel(jobId: string, reason?: string): boolean;
}

export function trackRunning(processor: JobProcessor): RunningAttempts {
  const cancels = new Map<string, AttemptCancel>();
  let running = 0;
  return {
    processor: async (job, token) => {
      // Tracked before the processor looks at the job, as BullMQ tracked it: a cancel after the start's check of the
      // cancel marks (startable-job.ts) reaches the attempt here.
      const cancel: AttemptCancel = { requested: false };
      cancels.set(job.id!, cancel);
      running += 1;
      try {
        return await processor(job, token, cancel);
      } finally {
        running -= 1;
        if (cancels.get(job.id!) === cancel) cancels.delete(job.id!);
      }
    },
    count: () => running,
    cancel(jobId, reason) {
      const cancel = cancels.get(jobId);
      if (!cancel) return false;
      if (!cancel.requested) {
        cancel.requested = true;
        cancel.reason = reason;
        cancel.listener?.();
      }
      return true;
    },
  };
}

import type { JobProcessor } from "./lifecycle";

/** Counts the attempts a processor is running, so shutdown can tell an idle worker from a busy one. */
export interface RunningAttempts {
  processor: JobProcessor;
  count(): number;
}

export function trackRunning(processor: JobProcessor): RunningAttempts {
  let running = 0;
  return {
    processor: async (job, token, signal) => {
      running += 1;
      try {
        return await processor(job, token, signal);
      } finally {
        running -= 1;
      }
    },
    count: () => running,
  };
}

import { setTimeout as sleep } from "node:timers/promises";
import type { Handler } from "./handler";

const steps = 10;

/** Waits `ms` in ten steps, reporting progress after each, and stops at the next step boundary's wait when aborted. */
export const demoSleep: Handler<"demo.sleep"> = async ({ ms }, { reportProgress, signal }) => {
  const started = performance.now();
  for (let step = 1; step <= steps; step += 1) {
    // Each step waits until its share of the total has elapsed, so timer drift does not add up.
    const remaining = (ms * step) / steps - (performance.now() - started);
    try {
      if (remaining > 0) await sleep(remaining, undefined, { signal });
      else signal.throwIfAborted();
    } catch (error) {
      // The signal's reason says why (timeout, cancellation, shutdown); node's AbortError only says "aborted".
      throw signal.aborted ? signal.reason : error;
    }
    reportProgress((step * 100) / steps);
  }
  return { sleptMs: Math.round(performance.now() - started) };
};

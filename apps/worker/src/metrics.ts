/**
 * The worker's Prometheus metrics, as plain text: a few counters do not need a client library.
 * Counts are per process since it started, as Prometheus counters are.
 */
import type { WorkQueueName } from "@jobline/jobs";

/** How an attempt ended, as far as the counters care. `skipped`: the row was no longer runnable (e.g. cancelled). */
export const attemptOutcomes = ["completed", "failed", "retried", "skipped", "requeued"] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

export interface WorkerMetrics {
  attemptStarted(queue: WorkQueueName): void;
  attemptEnded(queue: WorkQueueName, outcome: AttemptOutcome): void;
  /** The reconciler fixed a row or an entry that disagreed (see reconciler.ts). */
  reconcilerRepaired(repair: string): void;
  /** The Prometheus text exposition format, version 0.0.4. */
  render(): string;
}

export function createWorkerMetrics(queues: readonly WorkQueueName[]): WorkerMetrics {
  const ended = new Map<string, number>();
  const active = new Map<WorkQueueName, number>(queues.map((queue) => [queue, 0]));
  const repaired = new Map<string, number>();
  const key = (queue: WorkQueueName, outcome: AttemptOutcome): string => `${queue}\u0000${outcome}`;
  // Every series exists from the start at 0, so rate() sees the first increment.
  for (const queue of queues) for (const outcome of attemptOutcomes) ended.set(key(queue, outcome), 0);

  return {
    attemptStarted(queue) {
      active.set(queue, (active.get(queue) ?? 0) + 1);
    },
    attemptEnded(queue, outcome) {
      active.set(queue, Math.max(0, (active.get(queue) ?? 0) - 1));
      ended.set(key(queue, outcome), (ended.get(key(queue, outcome)) ?? 0) + 1);
    },
    reconcilerRepaired(repair) {
      repaired.set(repair, (repaired.get(repair) ?? 0) + 1);
    },
    render() {
      const lines = [
        "# HELP jobline_worker_jobs_total Attempts this worker process finished, by queue and outcome.",
        "# TYPE jobline_worker_jobs_total counter",
      ];
      for (const [series, count] of ended) {
        const [queue, outcome] = series.split("\u0000");
        lines.push(`jobline_worker_jobs_total{queue="${queue}",outcome="${outcome}"} ${count}`);
      }
      lines.push("# HELP jobline_worker_jobs_active Attempts running in this worker process now.", "# TYPE jobline_worker_jobs_active gauge");
      for (const [queue, count] of active) lines.push(`jobline_worker_jobs_active{queue="${queue}"} ${count}`);
      lines.push("# HELP jobline_worker_reconciler_repairs_total Jobs the reconciler repaired, by repair.", "# TYPE jobline_worker_reconciler_repairs_total counter");
      for (const [repair, count] of repaired) lines.push(`jobline_worker_reconciler_repairs_total{repair="${repair}"} ${count}`);
      return `${lines.join("\n")}\n`;
    },
  };
}

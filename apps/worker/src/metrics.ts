/**
 * The worker's Prometheus metrics, on a registry of its own so that tests (and several workers in one process) never
 * share counters. Counts are per process since it started, as Prometheus counters are.
 */
import type { WorkQueueName } from "@jobline/contract";
import { countedStates, type QueueCounts } from "@jobline/queues";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** How an attempt ended, as far as the counters care. `skipped`: the row was no longer runnable (e.g. cancelled). */
export const attemptOutcomes = ["completed", "failed", "retried", "skipped", "requeued"] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

export interface WorkerMetrics {
  attemptStarted(queue: WorkQueueName): void;
  /** `type` and `durationMs` time the attempt, from pickup to its outcome written. */
  attemptEnded(queue: WorkQueueName, outcome: AttemptOutcome, type: string, durationMs: number): void;
  /** The reconciler fixed a row or an entry that disagreed (see reconciler.ts). */
  reconcilerRepaired(repair: string): void;
  /** A job change this process committed: `event` says what changed (created, status, progress), `status` is the job's status after it. */
  jobChanged(event: string, status: string): void;
  /** An attempt hook threw (handlers/hooks.ts). */
  hookFailed(hook: string, phase: "before" | "after"): void;
  /** The content type of what `render` returns (the Prometheus text format). */
  readonly contentType: string;
  render(): Promise<string>;
}

export interface WorkerMetricsOptions {
  /** Read on every scrape for the queue depth gauges (every queue of the deployment, the dead letters included). */
  queueCounts?(): Promise<QueueCounts[]>;
}

/** A scrape must answer even when Redis does not: the depth gauges then keep their last values. */
const queueCountsTimeoutMs = 2000;

export function createWorkerMetrics(queues: readonly WorkQueueName[], options: WorkerMetricsOptions = {}): WorkerMetrics {
  const registry = new Registry();
  // Process metrics: CPU, memory, handles, event-loop lag, garbage collection.
  collectDefaultMetrics({ register: registry, prefix: "jobline_worker_" });
  const ended = new Counter({
    name: "jobline_worker_jobs_total",
    help: "Attempts this worker process finished, by queue and outcome.",
    labelNames: ["queue", "outcome"] as const,
    registers: [registry],
  });
  const active = new Gauge({
    name: "jobline_worker_jobs_active",
    help: "Attempts running in this worker process now.",
    labelNames: ["queue"] as const,
    registers: [registry],
  });
  const repaired = new Counter({
    name: "jobline_worker_reconciler_repairs_total",
    help: "Jobs the reconciler repaired, by repair.",
    labelNames: ["repair"] as const,
    registers: [registry],
  });
  const changes = new Counter({
    name: "jobline_worker_job_changes_total",
    help: "Job changes this worker process committed, by what changed and the status after it.",
    labelNames: ["event", "status"] as const,
    registers: [registry],
  });
  const hookErrors = new Counter({
    name: "jobline_worker_hook_errors_total",
    help: "Attempt hooks that threw, by hook and phase (before: the attempt failed; after: reported only).",
    labelNames: ["hook", "phase"] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: "jobline_worker_attempt_duration_seconds",
    help: "How long attempts took in this worker process, from pickup to the outcome written, by job type and outcome.",
    labelNames: ["type", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    registers: [registry],
  });
  const { queueCounts } = options;
  if (queueCounts) {
    new Gauge({
      name: "jobline_queue_jobs",
      help: "Entries in each queue by state, read from Redis at scrape time (the dead-letter queue's failed entries are the dead letters; waiting ones are about to be filed).",
      labelNames: ["queue", "state"] as const,
      registers: [registry],
      async collect() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), queueCountsTimeoutMs);
        });
        const counts = await Promise.race([queueCounts().catch(() => null), timeout]).finally(() => clearTimeout(timer));
        for (const queue of counts ?? []) {
          for (const state of countedStates) this.set({ queue: queue.name, state }, queue[state]);
        }
      },
    });
  }
  // Every series of a served queue exists from the start at 0, so rate() sees the first increment.
  for (const queue of queues) {
    active.set({ queue }, 0);
    for (const outcome of attemptOutcomes) ended.inc({ queue, outcome }, 0);
  }

  return {
    attemptStarted(queue) {
      active.inc({ queue });
    },
    attemptEnded(queue, outcome, type, durationMs) {
      active.dec({ queue });
      ended.inc({ queue, outcome });
      durations.observe({ type, outcome }, durationMs / 1000);
    },
    reconcilerRepaired(repair) {
      repaired.inc({ repair });
    },
    jobChanged(event, status) {
      changes.inc({ event, status });
    },
    hookFailed(hook, phase) {
      hookErrors.inc({ hook, phase });
    },
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}

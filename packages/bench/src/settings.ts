/**
 * Every count, rate and duration of `pnpm bench`, in one place. Sized so that the whole run, built from a clean
 * clone, stays well under ten minutes on two shared cores; the watchdog in run.ts enforces it.
 */
import { limits } from "@jobline/contract";

/** The batch size the issue asks for, unless the API allows fewer per request. */
const wantedBatch = 500;

export const settings = {
  /** Past this, whatever runs is stopped, the figures so far are written, and the run fails. */
  runLimitMs: 8 * 60_000,
  http: { connections: 50, warmupSeconds: 2, seconds: 10 },
  /** Two read loads follow each other in one scenario: a little shorter each. */
  readSeconds: 8,
  batch: { size: Math.min(wantedBatch, limits.maxBatchSize), wantedSize: wantedBatch, inFlight: 2, rawSeconds: 4 },
  rawAdd: { inFlight: 50, seconds: 3 },
  /** 10,000 show the rate of 20,000 and leave the run's time to the references of pg-queues. */
  drains: [
    { concurrency: 10, jobs: 10_000 },
    { concurrency: 50, jobs: 10_000 },
    { concurrency: 1, jobs: 10_000 },
  ],
  /** Jobline beside graphile-worker, pg-boss and raw BullMQ (scenarios/pg-queues.ts). */
  pgQueues: { jobs: 4_000, concurrency: 10, saturatedSeconds: 3, inFlight: 50 },
  /** One worker process runs this many jobs at once wherever a scenario does not vary it. */
  workerConcurrency: 10,
  latency: {
    warmupSeconds: 1,
    rates: [
      { perSecond: 100, seconds: 10 },
      { perSecond: 1000, seconds: 5 },
    ],
  },
  scaleOut: { apis: 2, workers: 4 },
  redisMemoryJobs: 10_000,
  /** How long queued or submitted jobs may take to complete before the run counts them as stuck. */
  completionLimitMs: 120_000,
  /** A process's peak resident memory should stay under this. */
  rssTargetMb: 150,
} as const;

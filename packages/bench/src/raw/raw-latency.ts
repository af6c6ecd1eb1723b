/**
 * Raw BullMQ end to end, the reference for Jobline's latency: entries added at a steady rate (open loop) from this
 * process, run by a raw Worker in its own process (raw-worker.ts). Per entry, from BullMQ's own timestamps, all
 * taken on this machine's clock in milliseconds, like Jobline's rows: added → active (`timestamp` → `processedOn`)
 * and added → completed (→ `finishedOn`).
 */
import { spawnService, type SpawnedService } from "@jobline/testing";
import { Job, type Queue } from "bullmq";
import { withCleanup } from "../cleanup";
import { paced } from "../paced";
import { notePeakRss } from "../peak-rss";
import { rawEntry, withRawQueue, type RawQueue } from "./raw-queue";

export interface Latencies {
  /** Milliseconds, one per job. */
  toStarted: number[];
  toFinished: number[];
  sentPerSecond: number;
  errors: string[];
}

export interface RawLatencyRunner {
  /** `warmupSeconds` at the rate (dropped), then `seconds` measured. */
  measure(perSecond: number, warmupSeconds: number, seconds: number, limitMs: number): Promise<Latencies>;
}

async function addPaced(
  queue: Queue,
  perSecond: number,
  count: number,
): Promise<{ ids: string[]; sentPerSecond: number; errors: string[] }> {
  const run = await paced(perSecond, count, async () => {
    const entry = rawEntry();
    await queue.add(entry.name, entry.data, entry.opts);
    return entry.opts.jobId!;
  });
  const ids = run.outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const errors = run.outcomes.length > ids.length ? [`${run.outcomes.length - ids.length} raw adds failed`] : [];
  return { ids, sentPerSecond: run.sentPerSecond, errors };
}

/** Waits until `total` entries (all added so far) are completed, then reads the timestamps of those in `ids`. */
async function finishedJobs(queue: Queue, total: number, ids: string[], limitMs: number): Promise<Job[]> {
  const deadline = Date.now() + limitMs;
  while ((await queue.getJobCountByTypes("completed")) < total && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return (await Promise.all(ids.map((id) => Job.fromId(queue, id)))).filter(
    (job): job is Job => job?.finishedOn !== undefined && job.processedOn !== undefined,
  );
}

async function measure(
  raw: RawQueue,
  added: { total: number },
  perSecond: number,
  warmupSeconds: number,
  seconds: number,
  limitMs: number,
): Promise<Latencies> {
  const warmup = await addPaced(raw.queue, perSecond, Math.round(perSecond * warmupSeconds));
  const measured = await addPaced(raw.queue, perSecond, Math.round(perSecond * seconds));
  added.total += warmup.ids.length + measured.ids.length;
  const jobs = await finishedJobs(raw.queue, added.total, measured.ids, limitMs);
  const errors = [...warmup.errors, ...measured.errors];
  if (jobs.length < measured.ids.length)
    errors.push(`${measured.ids.length - jobs.length} raw entries not completed within ${limitMs / 1000} s`);
  return {
    toStarted: jobs.map((job) => job.processedOn! - job.timestamp),
    toFinished: jobs.map((job) => job.finishedOn! - job.timestamp),
    sentPerSecond: measured.sentPerSecond,
    errors,
  };
}

/** Runs `run` with a raw worker process (at `concurrency`) up on a fresh prefix; both are gone afterwards. */
export function withRawLatency<T>(concurrency: number, run: (runner: RawLatencyRunner) => Promise<T>): Promise<T> {
  return withRawQueue(async (raw) => {
    let worker: SpawnedService | undefined;
    const stop = async (): Promise<void> => {
      if (!worker) return;
      notePeakRss("raw worker", worker.child.pid);
      await worker.stop("SIGTERM", 10_000);
    };
    return withCleanup(stop, async () => {
      worker = spawnService("raw-worker", "packages/bench/dist/raw/raw-worker.js", {
        REDIS_URL: raw.redisUrl,
        QUEUE_PREFIX: raw.prefix,
        CONCURRENCY: String(concurrency),
      });
      await worker.waitForLine(/raw worker ready/, 30_000);
      const added = { total: 0 };
      return run({
        measure: (perSecond, warmupSeconds, seconds, limitMs) => measure(raw, added, perSecond, warmupSeconds, seconds, limitMs),
      });
    });
  });
}

/**
 * Raw BullMQ throughput, in this process: `add` and `addBulk` in a closed loop (a fixed number in flight), and a
 * drain of pre-added entries by a Worker with a trivial processor. Each starts with a warm-up that is dropped, as
 * the HTTP loads do: the first second of a fresh connection and of un-JITted code is several times slower.
 */
import { Worker } from "bullmq";
import { percentile } from "../result";
import { addInBulks, rawEntry, rawQueueName, withRawQueue } from "./raw-queue";

const warmupSeconds = 1;

interface Loop {
  calls: number;
  seconds: number;
  /** Milliseconds each call took. */
  durations: number[];
}

/** Keeps `inFlight` calls going for `seconds`. */
async function closedLoop(inFlight: number, seconds: number, call: () => Promise<unknown>): Promise<Loop> {
  const durations: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < until) {
      const callStarted = performance.now();
      await call();
      durations.push(performance.now() - callStarted);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { calls: durations.length, seconds: (performance.now() - started) / 1000, durations };
}

export async function rawAdd(options: { inFlight: number; seconds: number }): Promise<{ jobsPerSecond: number }> {
  return withRawQueue(async ({ queue }) => {
    const add = (): Promise<unknown> => {
      const entry = rawEntry();
      return queue.add(entry.name, entry.data, entry.opts);
    };
    await closedLoop(options.inFlight, warmupSeconds, add);
    const loop = await closedLoop(options.inFlight, options.seconds, add);
    return { jobsPerSecond: loop.calls / loop.seconds };
  });
}

export async function rawAddBulk(options: {
  size: number;
  inFlight: number;
  seconds: number;
}): Promise<{ jobsPerSecond: number; p50: number }> {
  return withRawQueue(async ({ queue }) => {
    const bulk = (): Promise<unknown> => queue.addBulk(Array.from({ length: options.size }, rawEntry));
    await closedLoop(options.inFlight, warmupSeconds, bulk);
    const loop = await closedLoop(options.inFlight, options.seconds, bulk);
    return { jobsPerSecond: (loop.calls * options.size) / loop.seconds, p50: percentile(loop.durations, 50) };
  });
}

/**
 * `jobs` entries are added first; then a Worker runs them all. Timed like Jobline's drain, from the first job
 * started to the last completed. The warm-up is a small drain of its own on the same queue.
 */
export async function rawDrain(options: { jobs: number; concurrency: number; limitMs: number }): Promise<{ jobsPerSecond: number }> {
  return withRawQueue(async ({ queue, prefix, workerConnection }) => {
    const drain = async (count: number): Promise<number> => {
      await addInBulks(queue, count);
      let firstActive: number | undefined;
      let lastCompleted = 0;
      let completed = 0;
      let failed = 0;
      const worker = new Worker(rawQueueName, async (job) => job.data.payload, {
        connection: workerConnection(),
        prefix,
        concurrency: options.concurrency,
        autorun: false,
      });
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`raw drain: ${count - completed} of ${count} entries not completed within ${options.limitMs / 1000} s`)),
          options.limitMs,
        );
        worker.on("active", () => (firstActive ??= performance.now()));
        const settle = (): void => {
          if (completed + failed < count) return;
          clearTimeout(timer);
          if (failed > 0) reject(new Error(`raw drain: ${failed} entries failed`));
          else resolve();
        };
        worker.on("completed", () => {
          completed += 1;
          lastCompleted = performance.now();
          settle();
        });
        worker.on("failed", () => {
          failed += 1;
          settle();
        });
      });
      void worker.run();
      try {
        await done;
      } finally {
        await worker.close();
      }
      return count / ((lastCompleted - (firstActive ?? lastCompleted)) / 1000);
    };
    await drain(Math.min(1000, options.jobs));
    return { jobsPerSecond: await drain(options.jobs) };
  });
}

/**
 * Saturated end to end: `add` with `inFlight` calls at a time while a Worker at `concurrency` runs the entries, in
 * this process; entries completed per second of the measured window, after a warm-up.
 */
export async function rawSaturated(options: {
  concurrency: number;
  inFlight: number;
  warmupSeconds: number;
  seconds: number;
}): Promise<{ jobsPerSecond: number }> {
  return withRawQueue(async ({ queue, prefix, workerConnection }) => {
    let completed = 0;
    const worker = new Worker(rawQueueName, async (job) => job.data.payload, {
      connection: workerConnection(),
      prefix,
      concurrency: options.concurrency,
    });
    worker.on("completed", () => (completed += 1));
    const add = (): Promise<unknown> => {
      const entry = rawEntry();
      return queue.add(entry.name, entry.data, entry.opts);
    };
    try {
      await worker.waitUntilReady();
      await closedLoop(options.inFlight, options.warmupSeconds, add);
      const before = completed;
      const started = performance.now();
      await closedLoop(options.inFlight, options.seconds, add);
      return { jobsPerSecond: (completed - before) / ((performance.now() - started) / 1000) };
    } finally {
      await worker.close();
    }
  });
}

/**
 * 3. Drain: jobs are queued first (through the API, no worker), then one worker starts and runs them all.
 * Per job the worker writes `running` and `completed` to Postgres (conditional updates plus timeline events),
 * which raw BullMQ does not. Throughput is taken from the rows: jobs / (last finishedAt - first startedAt);
 * the 100 ms count polling only decides when the drain is over.
 */
import { countJobs, submitBatches, waitForCompleted } from "../jobs";
import { perSecond, type ScenarioResult } from "../result";
import { createWorld } from "../world";

/** Generous: well over ten times the expected drain time, yet a stuck run still ends. */
const limitMs = 90_000;

export async function drain(options: { jobs: number; concurrency: number; reference: string }): Promise<ScenarioResult> {
  const world = await createWorld();
  try {
    await submitBatches(world, options.jobs);
    const spawnedAt = Date.now();
    await world.startWorker({ WORKER_CONCURRENCY_CPU: String(options.concurrency) });
    const { counts, seenAt } = await waitForCompleted(world.prisma, options.jobs, limitMs);
    const [span] = await world.prisma.$queryRaw<Array<{ first: Date | null; last: Date | null }>>`
      SELECT min(started_at) AS first, max(finished_at) AS last FROM jobs WHERE status = 'completed'`;
    const seconds = span?.first && span.last ? (span.last.getTime() - span.first.getTime()) / 1000 : Number.NaN;
    const errors: string[] = [];
    if (counts.completed < options.jobs) errors.push(`${options.jobs - counts.completed} of ${options.jobs} jobs not completed within ${limitMs / 1000} s`);
    if (counts.unsuccessful > 0) errors.push(`${counts.unsuccessful} jobs failed or cancelled`);
    if ((await countJobs(world.prisma)).total !== options.jobs) errors.push("row count differs from the jobs submitted");
    return {
      scenario: `3. Drain, concurrency ${options.concurrency}`,
      setup: `${options.jobs.toLocaleString("en-US")} queued demo.echo, 1 worker started cold; all read completed ${((seenAt - spawnedAt) / 1000).toFixed(1)} s after spawn`,
      throughput: perSecond(counts.completed / seconds, "jobs"),
      latency: "—",
      comparedWith: options.reference,
      errors,
    };
  } finally {
    await world.teardown();
  }
}

/**
 * Drain: jobs queued first (through the batch API, no worker), then one worker process starts and runs them all.
 * Per job Jobline's worker writes `running` and `completed` to Postgres, which raw BullMQ does not. Throughput is
 * taken from the rows, from the first job started to the last row completed; raw BullMQ's the same way, from its
 * first job active to its last completed, over as many pre-added entries at the same concurrency.
 */
import { busySeconds, submitBatches, waitForAllCompleted, withJobline } from "../jobline";
import { rawDrain } from "../raw/raw-bullmq";
import { errorLine, noTarget, type Row, type Target } from "../result";
import { settings } from "../settings";

/** The targets, per concurrency. */
const targets: Record<number, Target> = {
  1: { kind: "ratio-at-least", value: 0.25 },
  10: { kind: "ratio-at-least", value: 0.5 },
};

async function joblineDrain(jobs: number, concurrency: number): Promise<{ jobsPerSecond: number; wallSeconds: number; errors: string[] }> {
  return withJobline({ apis: 1 }, async (stack) => {
    const ids = await submitBatches(stack, jobs);
    const spawnedAt = Date.now();
    await stack.startWorker({ concurrency });
    const errors = await waitForAllCompleted(stack);
    const wallSeconds = (Date.now() - spawnedAt) / 1000;
    if (ids.length !== jobs) errors.push(`${ids.length} of ${jobs} jobs accepted`);
    return { jobsPerSecond: jobs / (await busySeconds(stack)), wallSeconds, errors };
  });
}

export async function drain(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { jobs, concurrency } of settings.drains) {
    const count = jobs.toLocaleString("en-US");
    const fewer =
      jobs < settings.drains[0].jobs ? ` (fewer than ${settings.drains[0].jobs.toLocaleString("en-US")}: the run's time limit)` : "";
    const errors: string[] = [];
    const raw = await rawDrain({ jobs, concurrency, limitMs: settings.completionLimitMs }).catch((error: unknown) => {
      errors.push(`raw drain: ${errorLine(error)}`);
      return null;
    });
    const jobline = await joblineDrain(jobs, concurrency);
    rows.push({
      scenario: `drain, concurrency ${concurrency}`,
      setup: `${count} queued demo.echo${fewer}, 1 worker process at concurrency ${concurrency}; rows all completed ${jobline.wallSeconds.toFixed(1)} s after its spawn`,
      jobline: { value: jobline.jobsPerSecond, unit: "jobs/s" },
      reference: raw ? { value: raw.jobsPerSecond, unit: "jobs/s", what: `raw BullMQ Worker, ${count} entries` } : null,
      target: targets[concurrency] ?? noTarget,
      errors: [...errors, ...jobline.errors],
    });
  }
  return rows;
}

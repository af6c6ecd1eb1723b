/**
 * Latency at a steady rate: POST /v1/jobs at 100 and 1,000 jobs/s from an open-loop generator, one API and one
 * worker (concurrency 10). From the rows, per job: created → started and created → finished (the API takes
 * created_at before its INSERT, the worker started_at and finished_at as it records them; one clock, milliseconds).
 * Beside raw BullMQ entries added at the same rate from this process and run by a raw worker process at the same
 * concurrency: added → active and added → completed. Each rate starts with a second at that rate, left out.
 */
import type { Stack } from "@jobline/testing";
import { number } from "../format";
import { jsonClient } from "../http-client";
import { rowLatencies, waitForAllCompleted, withJobline } from "../jobline";
import { paced } from "../paced";
import { withRawLatency, type Latencies } from "../raw/raw-latency";
import { noTarget, percentile, type Row, type Target } from "../result";
import { settings } from "../settings";

/** The targets: [rate, measure, percentile] → target. */
const targets = new Map<string, Target>([
  ["100 started 50", { kind: "at-most", value: 3 }],
  ["100 started 99", { kind: "at-most", value: 15 }],
  ["1000 started 99", { kind: "at-most", value: 50 }],
]);

async function submitPaced(
  stack: Stack,
  perSecond: number,
  count: number,
): Promise<{ ids: string[]; sentPerSecond: number; errors: string[] }> {
  const client = jsonClient(stack.baseUrl(), stack.token);
  try {
    const run = await paced(perSecond, count, (index) => client.request("POST", "/v1/jobs", { type: "demo.echo", payload: { n: index } }));
    const ids: string[] = [];
    const refused = new Map<string, number>();
    for (const outcome of run.outcomes) {
      const id = outcome.status === "fulfilled" && outcome.value.status === 202 ? (outcome.value.body as { id?: string }).id : undefined;
      if (id) ids.push(id);
      else {
        const key = outcome.status === "fulfilled" ? `answered ${outcome.value.status}` : `failed: ${String(outcome.reason)}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
      }
    }
    return { ids, sentPerSecond: run.sentPerSecond, errors: [...refused].map(([why, n]) => `${n} submissions ${why}`) };
  } finally {
    client.close();
  }
}

type JoblineLatencies = Latencies & { rowLag: number[] };

async function joblineLatencies(stack: Stack, perSecond: number, seconds: number): Promise<JoblineLatencies> {
  const warmup = await submitPaced(stack, perSecond, Math.round(perSecond * settings.latency.warmupSeconds));
  const measured = await submitPaced(stack, perSecond, Math.round(perSecond * seconds));
  const errors = [...warmup.errors, ...measured.errors, ...(await waitForAllCompleted(stack))];
  return { ...(await rowLatencies(stack, measured.ids)), sentPerSecond: measured.sentPerSecond, errors };
}

function rowsFor(perSecond: number, seconds: number, jobline: JoblineLatencies, raw: Latencies): Row[] {
  const rows: Row[] = [];
  const measures = [
    { key: "started", label: "created → started", reference: "raw BullMQ added → active", pick: (l: Latencies) => l.toStarted },
    { key: "finished", label: "created → finished", reference: "raw BullMQ added → completed", pick: (l: Latencies) => l.toFinished },
  ] as const;
  for (const measure of measures) {
    for (const p of [50, 95, 99]) {
      rows.push({
        scenario: `latency at ${perSecond.toLocaleString("en-US")} jobs/s: ${measure.label} p${p}`,
        // The setup once per rate; the rows below it share it.
        setup:
          rows.length === 0
            ? `POST /v1/jobs for ${seconds} s (sent at ${number(jobline.sentPerSecond)}/s), 1 API + 1 worker (concurrency ${settings.workerConcurrency}); ` +
              `${jobline.toStarted.length.toLocaleString("en-US")} jobs, ${raw.toStarted.length.toLocaleString("en-US")} raw entries`
            : "same run as above",
        jobline: { value: percentile(measure.pick(jobline), p), unit: "ms" },
        reference: { value: percentile(measure.pick(raw), p), unit: "ms", what: measure.reference },
        target: targets.get(`${perSecond} ${measure.key} ${p}`) ?? noTarget,
        // Each rate's errors once, on its first line.
        errors: rows.length === 0 ? [...jobline.errors, ...raw.errors.map((e) => `raw: ${e}`)] : [],
      });
    }
  }
  for (const p of [50, 99]) {
    rows.push({
      scenario: `latency at ${perSecond.toLocaleString("en-US")} jobs/s: row lag p${p}`,
      setup: "same run as above; per row, handler returned (finished_at) → terminal row written (updated_at)",
      jobline: { value: percentile(jobline.rowLag, p), unit: "ms" },
      reference: null,
      target: p === 99 ? { kind: "at-most", value: 50 } : noTarget,
      errors: [],
    });
  }
  return rows;
}

export async function latency(): Promise<Row[]> {
  const c = settings.workerConcurrency;
  return withRawLatency(c, (raw) =>
    withJobline({ apis: 1, workers: 1, concurrency: c }, async (stack) => {
      const rows: Row[] = [];
      // Each rate's reference right before Jobline's, so that both meet the same moment of a noisy machine.
      for (const { perSecond, seconds } of settings.latency.rates) {
        const reference = await raw.measure(perSecond, settings.latency.warmupSeconds, seconds, settings.completionLimitMs);
        rows.push(...rowsFor(perSecond, seconds, await joblineLatencies(stack, perSecond, seconds), reference));
      }
      return rows;
    }),
  );
}

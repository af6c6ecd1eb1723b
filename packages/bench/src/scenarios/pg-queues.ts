/**
 * Jobline beside the Postgres-only queues (graphile-worker in its default and batched settings, pg-boss batched)
 * and raw BullMQ, on the same Postgres and Redis, one after the other: drain (queued first, one consumer at
 * concurrency 10) and saturated end to end (Jobline over HTTP as in `saturated`, the others with their own
 * producer). Then what Postgres did per 1,000 jobs of each drain (cost/pg-counters.ts says how it is counted).
 */
import { perThousandJobs, readCounters, type PgCounters } from "../cost/pg-counters";
import { number } from "../format";
import { echoJob } from "../echo-job";
import { runHttpLoad } from "../http-load";
import { busySeconds, completedPerSecond, submitBatches, waitForAllCompleted, withJobline } from "../jobline";
import { graphileBatched, graphileDefault } from "../pg-queues/graphile";
import type { LibraryKind } from "../pg-queues/library";
import { libraryDrain, librarySaturated } from "../pg-queues/measure";
import { pgBossBatched } from "../pg-queues/pg-boss";
import { rawSaturated } from "../raw/raw-bullmq";
import { errorLine, noTarget, type Row, type Unit } from "../result";
import { settings } from "../settings";

const libraries: LibraryKind[] = [graphileDefault, graphileBatched, pgBossBatched];

async function joblineDrain(jobs: number, concurrency: number): Promise<{ jobsPerSecond: number; cost: PgCounters; errors: string[] }> {
  return withJobline({ apis: 1 }, async (stack) => {
    await submitBatches(stack, jobs);
    const before = await readCounters(stack.databaseUrl);
    await stack.startWorker({ concurrency });
    const errors = await waitForAllCompleted(stack);
    const after = await readCounters(stack.databaseUrl);
    return { jobsPerSecond: jobs / (await busySeconds(stack)), cost: perThousandJobs(before, after, jobs), errors };
  });
}

async function joblineSaturated(seconds: number): Promise<{ jobsPerSecond: number; errors: string[] }> {
  return withJobline({ apis: 1, workers: 1 }, async (stack) => {
    const { connections } = settings.http;
    const load = await runHttpLoad({
      urls: [`${stack.baseUrl()}/v1/jobs`],
      method: "POST",
      token: stack.token,
      body: echoJob,
      connections,
      seconds,
    });
    const jobsPerSecond = await completedPerSecond(stack, load.startedAt, load.endedAt);
    return { jobsPerSecond, errors: [...load.errors, ...(await waitForAllCompleted(stack))] };
  });
}

const costMeasures: Array<{ key: keyof PgCounters; label: string; unit: Unit; scale: number }> = [
  { key: "commits", label: "transactions committed (statements: no pg_stat_statements)", unit: "commits", scale: 1 },
  { key: "rowsWritten", label: "rows inserted + updated + deleted", unit: "rows", scale: 1 },
  { key: "indexEntries", label: "index entries added (inserts + non-HOT updates × indexes)", unit: "index entries", scale: 1 },
  { key: "walBytes", label: "WAL written (server-wide LSN: includes other writers)", unit: "kB WAL", scale: 1 / 1024 },
];

export async function pgQueues(): Promise<Row[]> {
  const { jobs, concurrency, saturatedSeconds, inFlight } = settings.pgQueues;
  const limitMs = settings.completionLimitMs;
  const count = jobs.toLocaleString("en-US");
  const rows: Row[] = [];
  const jobline = await joblineDrain(jobs, concurrency);
  const drains = new Map<string, { jobsPerSecond: number; cost: PgCounters } | string>();
  for (const library of libraries) {
    drains.set(library.what, await libraryDrain(library, jobs, concurrency, limitMs).catch((error: unknown) => errorLine(error)));
  }
  for (const [what, drain] of drains) {
    rows.push({
      scenario: `drain beside ${what.split(",")[0]}`,
      setup: `${count} queued, 1 consumer at concurrency ${concurrency}; reference: ${what}`,
      jobline: { value: jobline.jobsPerSecond, unit: "jobs/s" },
      reference: typeof drain === "string" ? null : { value: drain.jobsPerSecond, unit: "jobs/s", what },
      target: what.startsWith("graphile-worker") ? { kind: "ratio-at-least", value: 2 } : noTarget,
      errors: [...(rows.length === 0 ? jobline.errors : []), ...(typeof drain === "string" ? [`${what}: ${drain}`] : [])],
    });
  }
  const cheapest = [...drains].filter(
    (entry): entry is [string, { jobsPerSecond: number; cost: PgCounters }] => typeof entry[1] !== "string",
  );
  for (const measure of costMeasures) {
    const others = cheapest.map(
      ([what, drain]) =>
        `${what.split(",")[0]}${what.includes("default") ? " default" : " batched"}: ${number(drain.cost[measure.key] * measure.scale)}`,
    );
    const reference = cheapest.find(([what]) => what === graphileBatched.what);
    rows.push({
      scenario: `Postgres per 1,000 jobs drained: ${measure.label}`,
      setup: `the drain above, from the consumer's start to the last row completed; ${others.join("; ")}`,
      jobline: { value: jobline.cost[measure.key] * measure.scale, unit: measure.unit },
      reference: reference
        ? { value: reference[1].cost[measure.key] * measure.scale, unit: measure.unit, what: graphileBatched.what }
        : null,
      target: noTarget,
      errors: [],
    });
  }
  const saturated = await joblineSaturated(saturatedSeconds);
  const options = { concurrency, inFlight, warmupSeconds: 1, seconds: saturatedSeconds, limitMs };
  const references: Array<{ what: string; measure: () => Promise<{ jobsPerSecond: number }> }> = [
    { what: "raw BullMQ add + Worker", measure: () => rawSaturated(options) },
    ...libraries.map((library) => ({ what: library.what, measure: () => librarySaturated(library, options) })),
  ];
  let first = true;
  for (const { what, measure } of references) {
    const result = await measure().catch((error: unknown) => errorLine(error));
    rows.push({
      scenario: `saturated end to end beside ${what.split(",")[0]}`,
      setup: `Jobline: POST /v1/jobs, ${settings.http.connections} connections, ${saturatedSeconds} s, 1 API + 1 worker (concurrency ${concurrency}); reference: its own producer, ${inFlight} adds in flight, 1 consumer at concurrency ${concurrency}, ${what}`,
      jobline: { value: saturated.jobsPerSecond, unit: "jobs/s" },
      reference: typeof result === "string" ? null : { value: result.jobsPerSecond, unit: "jobs/s", what },
      target: what.startsWith("graphile-worker")
        ? { kind: "ratio-at-least", value: 2 }
        : what.startsWith("raw")
          ? { kind: "ratio-at-least", value: 0.5 }
          : noTarget,
      errors: [...(first ? saturated.errors : []), ...(typeof result === "string" ? [`${what}: ${result}`] : [])],
    });
    first = false;
  }
  return rows;
}

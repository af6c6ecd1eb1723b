/**
 * `pnpm bench`: runs each scenario in its own fresh world (database, Redis prefix, built API and workers) one
 * after another, prints the table and writes RESULTS.md. Exits 1 when a scenario produced errors (non-2xx
 * answers, jobs not completing); the figures themselves are never judged here.
 */
import { table, writeResults } from "./report";
import type { ScenarioResult } from "./result";
import { batchSubmit } from "./scenarios/batch";
import { drain } from "./scenarios/drain";
import { endToEnd } from "./scenarios/end-to-end";
import { readPath } from "./scenarios/read";
import { submitThroughput } from "./scenarios/submit";
import { tearDownAll } from "./world";

/** The whole run is bounded: past this, whatever is running is torn down and the run fails. */
const runLimitMs = 6 * 60_000;

const scenarios: Array<[string, () => Promise<ScenarioResult>]> = [
  ["submit", submitThroughput],
  ["batch", batchSubmit],
  ["drain c=10", () => drain({ jobs: 5000, concurrency: 10, reference: "raw BullMQ drain: ~20–24k jobs/s at concurrency 10–50" })],
  // Fewer jobs at concurrency 1: each job's two Postgres round trips are serial here, so 5,000 would take long.
  ["drain c=1", () => drain({ jobs: 2000, concurrency: 1, reference: "raw BullMQ drain: ~4k jobs/s at concurrency 1" })],
  ["end-to-end", endToEnd],
  ["read", readPath],
];

async function abort(reason: string, code: number): Promise<never> {
  console.error(`bench: ${reason}; stopping every process it started`);
  await tearDownAll();
  process.exit(code);
}

async function main(): Promise<void> {
  const started = Date.now();
  const watchdog = setTimeout(() => void abort(`run exceeded ${runLimitMs / 1000} s`, 1), runLimitMs);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void abort(`got ${signal}`, 130));

  const results: ScenarioResult[] = [];
  for (const [name, run] of scenarios) {
    const scenarioStarted = Date.now();
    console.log(`bench: ${name} …`);
    try {
      results.push(await run());
    } catch (error) {
      results.push({ scenario: name, setup: "", throughput: "—", latency: "—", comparedWith: "", errors: [String(error).split("\n")[0]!] });
    }
    console.log(`bench: ${name} done in ${((Date.now() - scenarioStarted) / 1000).toFixed(1)} s`);
  }
  clearTimeout(watchdog);

  const markdown = table(results);
  const file = writeResults(markdown, (Date.now() - started) / 1000);
  console.log(`\n${markdown}\n\nwritten to ${file}`);
  const failed = results.filter((r) => r.errors.length > 0);
  if (failed.length > 0) {
    console.error(`bench: errors in ${failed.map((r) => r.scenario).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => void abort(`failed: ${String(error)}`, 1));

/**
 * `pnpm bench`: each scenario measures its reference(s) and Jobline one after the other, in fresh worlds, and the
 * results go to the console, RESULTS.md and results.json. `pnpm bench -- --only submit,drain` runs some of them.
 * Exits 1 on errors only (non-2xx answers, jobs not completing, a job started twice, a scenario that could not
 * run, the time limit): a missed target is a figure to report, not a failure.
 */
import { stopAllStacks } from "@jobline/testing";
import { stopPending } from "./cleanup";
import { peakRssMb, type ProcessKind } from "./peak-rss";
import { writeResults } from "./report";
import { errorLine, type Row } from "./result";
import { batch } from "./scenarios/batch";
import { drain } from "./scenarios/drain";
import { latency } from "./scenarios/latency";
import { pgQueues } from "./scenarios/pg-queues";
import { read } from "./scenarios/read";
import { redisMemory } from "./scenarios/redis-memory";
import { saturated } from "./scenarios/saturated";
import { submit } from "./scenarios/submit";
import { settings } from "./settings";

const scenarios: Record<string, () => Promise<Row[]>> = {
  submit,
  batch,
  drain,
  saturated,
  "pg-queues": pgQueues,
  latency,
  read,
  "redis-memory": redisMemory,
};

function chosen(argv: string[]): string[] {
  const at = argv.indexOf("--only");
  if (at === -1) return Object.keys(scenarios);
  const names = (argv[at + 1] ?? "").split(",").filter((name) => name !== "");
  const unknown = names.filter((name) => !(name in scenarios));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes a comma-separated list of: ${Object.keys(scenarios).join(", ")}${unknown.length > 0 ? ` (unknown: ${unknown.join(", ")})` : ""}`,
    );
  }
  return names;
}

/** One line per kind of Jobline process: its peak over the run, beside the reference process doing the same job. */
function memoryRows(): Row[] {
  const line = (kind: ProcessKind, reference: ProcessKind): Row | [] => {
    const jobline = peakRssMb(kind);
    if (jobline === undefined) return [];
    const ref = peakRssMb(reference);
    return {
      scenario: `peak RSS, ${kind} process`,
      setup: `highest VmHWM of any ${kind} process of the run, read before it stopped`,
      jobline: { value: jobline, unit: "MB" },
      reference: ref === undefined ? null : { value: ref, unit: "MB", what: `${reference} process` },
      target: { kind: "at-most", value: settings.rssTargetMb },
      errors: [],
    };
  };
  return [line("api", "lean endpoint"), line("worker", "raw worker")].flat();
}

async function main(): Promise<void> {
  const names = chosen(process.argv.slice(2));
  const started = Date.now();
  const rows: Row[] = [];
  const notes: string[] = [];
  let finishing = false;

  const finish = async (code: number): Promise<never> => {
    finishing = true;
    await Promise.allSettled([stopAllStacks(), stopPending()]);
    const written = writeResults([...rows, ...memoryRows()], (Date.now() - started) / 1000, notes);
    console.log(`\n${written.markdown}\n\nwritten to ${written.files.join(" and ")}`);
    const failed = [...rows].filter((row) => row.errors.length > 0);
    if (failed.length > 0) console.error(`bench: errors in ${failed.map((row) => row.scenario).join("; ")}`);
    process.exit(failed.length > 0 ? 1 : code);
  };
  const abort = (reason: string, code: number): void => {
    if (finishing) return;
    console.error(`bench: ${reason}; stopping every process it started`);
    notes.push(`Run stopped early: ${reason}. The scenarios after the last line did not run.`);
    void finish(code);
  };
  setTimeout(() => abort(`the run exceeded its limit of ${settings.runLimitMs / 1000} s`, 1), settings.runLimitMs).unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => abort(`got ${signal}`, 130));

  for (const name of names) {
    const scenarioStarted = Date.now();
    console.log(`bench: ${name} …`);
    try {
      const produced = await scenarios[name]!();
      if (finishing) return;
      rows.push(...produced);
      for (const row of produced) if (row.errors.length > 0) console.error(`bench: ${row.scenario}: ${row.errors.join("; ")}`);
    } catch (error) {
      if (finishing) return;
      console.error(error);
      rows.push({
        scenario: name,
        setup: "the scenario could not run",
        jobline: null,
        reference: null,
        target: { kind: "none", note: "—" },
        errors: [errorLine(error)],
      });
    }
    console.log(`bench: ${name} done in ${((Date.now() - scenarioStarted) / 1000).toFixed(1)} s`);
  }
  await finish(0);
}

main().catch((error: unknown) => {
  console.error(`bench: ${errorLine(error)}`);
  process.exit(1);
});

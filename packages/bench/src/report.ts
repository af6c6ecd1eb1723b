/** The results as a Markdown table (printed, and in RESULTS.md with how to read it) and as JSON (results.json). */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "@jobline/testing";
import * as format from "./format";
import { metOf, ratioOf, type Row } from "./result";

const benchDir = path.join(repoRoot, "packages/bench");

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function met(row: Row): string {
  if (row.errors.length > 0) return `**error: ${row.errors.join("; ")}**`;
  const value = metOf(row);
  return value === null ? "—" : value ? "yes" : "**no**";
}

export function table(rows: Row[]): string {
  return [
    "| scenario | setup | Jobline | reference (same run) | ratio | target | met? |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) => {
      const reference = row.reference ? `${format.figureOf(row.reference)} (${row.reference.what})` : "—";
      const cells = [
        row.scenario,
        row.setup,
        format.figureOf(row.jobline),
        reference,
        format.ratio(ratioOf(row)),
        format.target(row.target, row.jobline?.unit),
        met(row),
      ];
      return `| ${cells.map(cell).join(" | ")} |`;
    }),
  ].join("\n");
}

function commit(): string {
  try {
    const hash = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: repoRoot, encoding: "utf8" }).trim() !== "";
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return "unknown";
  }
}

function environment(): Record<string, string> {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpus[0]?.model.trim() ?? "unknown"} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
    commit: commit(),
  };
}

const howToRead = `Every Jobline figure stands beside a **reference measured in the same run**, on the same machine, one right
after the other: a lean endpoint (\`node:http\`, one \`pg\` INSERT of a job-shaped row and one BullMQ \`Queue.add\`
per request, as its own process on its own database and Redis prefix) and raw BullMQ (\`add\`, \`addBulk\`, a Worker
with a trivial processor, in this process or as its own process where Jobline's worker is one). The machine is
shared and noisy: an absolute figure from one run means little next to one from another run, while the **ratio**
(Jobline / reference, always in that order) holds up much better, because both sides met the same noise.

- Throughput (req/s, jobs/s): a ratio above 1 means Jobline is faster than its reference.
- Latency (ms) and memory (MB): a ratio below 1 means Jobline needs less.
- **target** is the issue's goal for the figure: on the ratio (\`≥ 1.0×\`) or on the Jobline figure itself (\`≤ 100 ms\`).
  **met?** says whether this run reached it. A missed target does not fail the run: figures are reported, not
  judged. Errors do (non-2xx answers, jobs not completing, a job started twice): they are listed in **met?**, and
  \`pnpm bench\` then exits 1.
- Latencies come from timestamps with millisecond resolution on both sides (Jobline's rows, BullMQ's entries);
  a reference of 0 ms has no ratio.
- Each Jobline scenario ran against a fresh world: its own database and Redis key prefix, the built API and
  workers as real processes, the load generator in the bench's own process.

Run it from the repository root with \`pnpm bench\` (all scenarios) or \`pnpm bench -- --only drain,read\`.`;

export interface Written {
  markdown: string;
  files: string[];
}

export function writeResults(rows: Row[], seconds: number, notes: string[]): Written {
  const env = environment();
  const markdown = table(rows);
  const text = `# Benchmark results

Written by \`pnpm bench\` (the whole run took ${Math.round(seconds)} s).

${howToRead}

- Date: ${env.date}
- Node: ${env.node}
- CPU: ${env.cpu}
- Commit: ${env.commit}
${notes.map((note) => `\n**${note}**\n`).join("")}
${markdown}
`;
  const files = [path.join(benchDir, "RESULTS.md"), path.join(benchDir, "results.json")];
  writeFileSync(files[0]!, text);
  const json = {
    ...env,
    seconds: Math.round(seconds),
    notes,
    rows: rows.map((row) => ({ ...row, ratio: ratioOf(row), met: metOf(row) })),
  };
  writeFileSync(files[1]!, `${JSON.stringify(json, null, 2)}\n`);
  return { markdown, files };
}

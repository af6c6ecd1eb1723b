/** The Markdown table, and RESULTS.md with what is needed to compare it with another run. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "@jobline/testing";
import type { ScenarioResult } from "./result";

const cell = (text: string): string => text.replaceAll("|", "\\|");

export function table(results: ScenarioResult[]): string {
  const lines = [
    "| Scenario | Setup | Throughput | Latency | Compared with (STACK.md, raw layers) |",
    "| --- | --- | --- | --- | --- |",
    ...results.map((r) => {
      const throughput = r.errors.length > 0 ? `${r.throughput} **ERRORS: ${r.errors.join("; ")}**` : r.throughput;
      return `| ${[r.scenario, r.setup, throughput, r.latency, r.comparedWith].map(cell).join(" | ")} |`;
    }),
  ];
  return lines.join("\n");
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

export function environment(): string {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Node: ${process.version}`,
    `- CPU: ${cpus[0]?.model.trim() ?? "unknown"} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
    `- Commit: ${commit()}`,
  ].join("\n");
}

export function writeResults(markdownTable: string, seconds: number): string {
  const file = path.join(repoRoot, "packages/bench/RESULTS.md");
  const text = `# Benchmark results

Written by \`pnpm bench\` (the whole run took ${Math.round(seconds)} s). The built API and worker ran as real processes
against local Postgres and Redis, with the load generator in the same machine; everything shares ${os.cpus().length} cores.
Figures swing ±15–30% between runs on this shared machine: compare runs with each other, not with a target.

${environment()}

${markdownTable}

"Compared with" gives STACK.md's figures for the layers underneath (raw BullMQ; a lean \`node:http\` + \`pg\`
INSERT + \`Queue.add\` endpoint), measured on this kind of machine: context for where the time goes, not pass/fail.
`;
  writeFileSync(file, text);
  return file;
}

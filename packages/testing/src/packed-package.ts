/**
 * Packages as their users get them: a workspace package packed into a tarball (`pnpm pack`, as the README says), and
 * commands (npm, tsc, the installed program) run to the end in a folder outside the repository.
 */
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ProcessResult } from "./spawned-service";
import { repoRoot } from "./spawned-service";

export interface RunOptions {
  cwd: string;
  /** Added to this process's environment (npm needs HOME and its cache). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs `command …args` to the end (killed after `timeoutMs`), never throwing for a non-zero exit. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `pnpm --filter <name> pack` into `destination`: the path of the tarball. The package must be built. */
export async function packWorkspacePackage(name: string, destination: string): Promise<string> {
  const run = await runCommand("pnpm", ["--filter", name, "pack", "--pack-destination", destination], { cwd: repoRoot });
  if (run.code !== 0) throw new Error(`pnpm pack ${name} exited ${run.code}: ${run.stderr}`);
  const tarballs = (await readdir(destination)).filter((file) => file.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`expected one tarball in ${destination}, found ${tarballs.join(", ") || "none"}`);
  return path.join(destination, tarballs[0]!);
}

/** The repository's own TypeScript compiler, for programs outside the repository that have none of their own. */
export const tscBin = path.join(repoRoot, "node_modules/typescript/bin/tsc");

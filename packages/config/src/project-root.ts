/**
 * The folder Jobline runs from, as the repository names its files: the pnpm workspace in a checkout, else the
 * process's working folder (an image's /app, where an app was deployed alone). Stack traces are stored and shown
 * relative to it, so they carry no build machine's absolute paths.
 */
import { existsSync } from "node:fs";
import path from "node:path";

/** The nearest folder at or above `dir` that holds a pnpm workspace, else `fallback`. */
export function projectRootOf(dir: string, fallback: string): string {
  for (let candidate = path.resolve(dir); ; candidate = path.dirname(candidate)) {
    if (existsSync(path.join(candidate, "pnpm-workspace.yaml"))) return candidate;
    if (path.dirname(candidate) === candidate) return fallback;
  }
}

export const projectRoot = projectRootOf(__dirname, process.cwd());

/** The text with every absolute path under the project root (plain or as a file: URL) made relative to it. */
export function relativeToProjectRoot(text: string, root = projectRoot): string {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return text.replaceAll(`file://${prefix}`, "").replaceAll(prefix, "");
}

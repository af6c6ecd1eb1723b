/**
 * The folder the worker runs from, as the repository names its files: the pnpm workspace in a checkout, or the
 * worker's own folder where it was deployed alone (an image's /app). Stack traces are shown relative to it, so they
 * carry no build machine's absolute paths.
 */
import { existsSync } from "node:fs";
import path from "node:path";

/** From a folder inside the worker's package (its dist/ or src/). */
export function projectRootOf(dir: string): string {
  const packageDir = path.resolve(dir, "..");
  for (let candidate = packageDir; ; candidate = path.dirname(candidate)) {
    if (existsSync(path.join(candidate, "pnpm-workspace.yaml"))) return candidate;
    if (path.dirname(candidate) === candidate) return packageDir;
  }
}

export const projectRoot = projectRootOf(__dirname);

/** The text with every absolute path under the project root (plain or as a file: URL) made relative to it. */
export function relativeToProjectRoot(text: string, root = projectRoot): string {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return text.replaceAll(`file://${prefix}`, "").replaceAll(prefix, "");
}

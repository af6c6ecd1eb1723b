/** Helpers shared by these test files (not a test file itself: jest only runs `*.test.ts`). */
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultMigrationsDir } from "@jobline/db";
import { Client } from "pg";
import { repoRoot, runNode } from "../src";

export const migrationsDir = defaultMigrationsDir(undefined);

/** Runs `run` with a plain pg connection to `url`, closed afterwards. */
export async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A scratch copy of the committed migrations, plus any extra ones, removed by `remove()`. */
export async function copyMigrations(extra: Record<string, string> = {}): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "jobline-migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The last non-empty line a command printed: where the token CLI and the seed put the token. */
export function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

/**
 * Makes sure apps/api/dist/cli is compiled from the current sources. `turbo run test` builds only this
 * package's dependencies, and apps/api cannot be one (it depends on this package). tsc is told to emit even when
 * other parts of the app have type errors (packages it needs may not be built yet in a fresh clone; the builds
 * themselves keep noEmitOnError); the typecheck task reports those, not this test.
 */
export async function ensureApiCliBuilt(): Promise<void> {
  const srcDir = path.join(repoRoot, "apps/api/src/cli");
  const distDir = path.join(repoRoot, "apps/api/dist/cli");
  const sources = (await readdir(srcDir)).filter((f) => f.endsWith(".ts"));
  const mtime = (file: string) =>
    stat(file).then(
      (s) => s.mtimeMs,
      () => 0,
    );
  let stale = false;
  for (const source of sources) {
    const built = await mtime(path.join(distDir, source.replace(/\.ts$/, ".js")));
    if (built < (await mtime(path.join(srcDir, source)))) stale = true;
  }
  if (!stale) return;
  await runNode("node_modules/typescript/bin/tsc", ["-p", "apps/api/tsconfig.build.json", "--noEmitOnError", "false"], {}, 120_000);
  for (const source of sources) {
    if ((await mtime(path.join(distDir, source.replace(/\.ts$/, ".js")))) === 0)
      throw new Error(`could not build apps/api/dist/cli/${source}`);
  }
}

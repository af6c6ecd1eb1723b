import { readFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "./spawned-service";

/**
 * The fenced code block right after the README line `<!-- …marker… -->`: the test that runs an example reads it
 * from the README, so the README shows exactly what was run.
 */
export async function readmeBlock(marker: string): Promise<string> {
  const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
  const at = readme.indexOf(`<!-- ${marker}`);
  if (at === -1) throw new Error(`README.md has no <!-- ${marker} … --> line`);
  const block = /^```\w*\n([\s\S]*?)^```$/m.exec(readme.slice(at));
  if (block === null) throw new Error(`no fenced block follows <!-- ${marker} … --> in README.md`);
  return block[1]!;
}

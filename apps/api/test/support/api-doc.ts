/** docs/api.md read as the tests read it: a section by its `##` heading, the first table in it, code spans in a cell. */
import { readFileSync } from "node:fs";
import path from "node:path";

export const apiDocPath = path.resolve(__dirname, "../../../../docs/api.md");
const apiDoc = readFileSync(apiDocPath, "utf8");

/** The rows (cells, trimmed) of the first table under `## <heading>`, header and separator left out. */
export function firstTableUnder(heading: string): string[][] {
  const start = apiDoc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/api.md has no "## ${heading}" section`);
  const rest = apiDoc.slice(start + 1);
  const end = rest.indexOf("\n## ");
  const section = end < 0 ? rest : rest.slice(0, end);
  const lines = section.split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  if (first < 0) throw new Error(`the "## ${heading}" section of docs/api.md has no table`);
  const after = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
  const table = lines.slice(first, after < 0 ? undefined : after);
  // An escaped pipe (`cpu` \| `gpu`) stays inside its cell.
  return table.slice(2).map((line) =>
    line
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
}

/** The text of every `code span` in a cell. */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

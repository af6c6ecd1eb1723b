/**
 * The documents against the repository, so they cannot drift from it unnoticed: every repository path they name in
 * a code span (`apps/…`, `packages/…`, `prisma/…`, `scripts/…`, `docker/…`) exists, and every link to a section
 * (`architecture.md#…`, `#…` within a page) lands on a heading of that document.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../../..");
const documents = ["docs/architecture.md", "docs/api.md", "README.md"];

/** The text outside fenced code blocks: code in a block (template literals) is not prose naming files. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
}

function read(document: string): string {
  return readFileSync(path.join(root, document), "utf8");
}

/** Placeholders and patterns (`packages/*`, `<name>`, `…`) are not paths. */
const notAPath = /[*<>{}…]/;
const repositoryPath = /(?:^|[\s(,;'"])((?:apps|packages|prisma|scripts|docker)\/[^\s`'"(),;]*)/g;

/** Every repository path named in a code span of `document`. */
function namedPaths(document: string): string[] {
  const spans = [...prose(read(document)).matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!);
  const paths = spans.flatMap((span) => [...span.matchAll(repositoryPath)].map((match) => match[1]!.replace(/[.:]$/, "")));
  return [...new Set(paths)].filter((named) => !notAPath.test(named));
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, each space a hyphen. */
function slugOf(heading: string): string {
  const text = heading
    .replace(/`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The anchors of a document's headings; a repeated heading gets `-1`, `-2`… as on GitHub. */
function anchorsOf(document: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(read(document)).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = slugOf(match[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every link to a section in `document`: the document it points into (relative to the root) and the anchor. */
function sectionLinks(document: string): { link: string; target: string; anchor: string }[] {
  return [...prose(read(document)).matchAll(/\]\(([^)\s#]*)#([^)\s]+)\)/g)].map((match) => {
    const file = match[1]!;
    const target = file === "" ? document : path.relative(root, path.resolve(root, path.dirname(document), file));
    return { link: `${file}#${match[2]!}`, target, anchor: decodeURIComponent(match[2]!) };
  });
}

test.each(documents)("every repository path %s names exists", (document) => {
  const named = namedPaths(document);
  const missing = named.filter((candidate) => !existsSync(path.join(root, candidate)));

  expect(named.length).toBeGreaterThan(0);
  expect(missing).toEqual([]);
});

test.each(documents)("every link to a section in %s lands on a heading", (document) => {
  const links = sectionLinks(document).filter((link) => link.target.endsWith(".md"));
  const broken = links
    .filter((link) => !existsSync(path.join(root, link.target)) || !anchorsOf(link.target).has(link.anchor))
    .map((link) => link.link);

  expect(links.length).toBeGreaterThan(0);
  expect(broken).toEqual([]);
});

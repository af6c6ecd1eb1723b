/**
 * The boundary between the engine and the HTTP edge, held by reading the source: the engine and every module of the
 * API outside its edge speak domain errors only, so none may import Express or the edge's modules (`http/…`, which
 * holds the edge's errors). The edge: `src/http/`, the composition of the app (`app.ts`, `main.ts`), the dashboard
 * (`board.ts`, `board-server.ts`, `board-actions.ts`, `board-display.ts`: Bull Board's Express routes), and the event streams' HTTP
 * piece, `events/sse-response.ts`, which writes a stream onto an Express response.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const repository = path.resolve(__dirname, "../../..");
const apiSource = path.join(repository, "apps/api/src");
const edge = new Set([
  "app.ts",
  "main.ts",
  "board.ts",
  "board-server.ts",
  "board-actions.ts",
  "board-display.ts",
  "events/sse-response.ts",
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm),
    ...text.matchAll(/(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
    ...text.matchAll(/^import\s+["']([^"']+)["']/gm),
  ];
  return specifiers.map((match) => match[1]!);
}

/** Express itself, or any module of the API's `http/` folder, reached from wherever the file is. */
function crossesIntoHttp(file: string, specifier: string): boolean {
  if (specifier === "express" || specifier.startsWith("express/")) return true;
  if (!specifier.startsWith(".")) return false;
  const target = path.resolve(path.dirname(file), specifier);
  return target === path.join(apiSource, "http") || target.startsWith(path.join(apiSource, "http") + path.sep);
}

const guarded = [
  ...sourceFiles(path.join(repository, "packages/engine/src")),
  ...sourceFiles(apiSource).filter((file) => {
    const relative = path.relative(apiSource, file).split(path.sep).join("/");
    return !relative.startsWith("http/") && !edge.has(relative);
  }),
];

test("the guard reads the engine and the API's non-edge modules", () => {
  const relative = guarded.map((file) => path.relative(repository, file).split(path.sep).join("/"));
  expect(relative).toEqual(
    expect.arrayContaining([
      "packages/engine/src/submit/submit-jobs.ts",
      "apps/api/src/limits/edge-limits.ts",
      "apps/api/src/auth/principal.ts",
    ]),
  );
  expect(relative).not.toContain("apps/api/src/http/routes/jobs.ts");
});

test("no module of the engine or outside the API's edge imports Express or the edge's http modules", () => {
  const crossings = guarded.flatMap((file) =>
    importsOf(file)
      .filter((specifier) => crossesIntoHttp(file, specifier))
      .map((specifier) => `${path.relative(repository, file)} imports ${specifier}`),
  );

  expect(crossings).toEqual([]);
});

test("the check itself sees such an import", () => {
  const file = path.join(apiSource, "limits/edge-limits.ts");
  expect(crossesIntoHttp(file, "../http/errors")).toBe(true);
  expect(crossesIntoHttp(file, "express")).toBe(true);
  expect(crossesIntoHttp(file, "../auth/principal")).toBe(false);
});

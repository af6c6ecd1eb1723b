/**
 * `@jobline/client` as a user installs it: the tarball `pnpm pack` makes, installed with npm into a project outside
 * the repository, type-checked by `tsc --strict` and run as ESM and as CommonJS against a running stack. The program
 * is the README's example, read from the README.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  killLeakedServices,
  packWorkspacePackage,
  readmeBlock,
  repoRoot,
  runCommand,
  startStack,
  tscBin,
  type ProcessResult,
  type Stack,
} from "@jobline/testing";

/** Lines the client's types must reject: each `@ts-expect-error` that finds no error fails the type check. */
const rejected = `import { createJobline, type Job } from "@jobline/client";

const jobline = createJobline({ baseUrl: "http://localhost:3000", token: "jl_x" });
// @ts-expect-error report.generate needs rows and measures
void jobline.jobs.create("report.generate", { title: "Q3" });
// @ts-expect-error a measure is a column name, not a number
void jobline.jobs.create("report.generate", { title: "Q3", rows: [{ a: 1 }], measures: [1] });
// @ts-expect-error not a job type of the catalogue
void jobline.jobs.create("report.explode", {});
export function documentOf(job: Job<"report.generate">): string | undefined {
  // @ts-expect-error a report's result has no pages
  void job.result?.pages;
  return job.result?.document;
}
`;

let stack: Stack;
let dir: string;
let project: string;
let tarball: string;

beforeAll(async () => {
  stack = await startStack({ apis: 1, workers: 1 });
  dir = await mkdtemp(path.join(tmpdir(), "jobline-packed-client-"));
  project = path.join(dir, "project");
  await mkdir(project);
  tarball = await packWorkspacePackage("@jobline/client", dir);
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "client-user", private: true }));
  const install = await runCommand("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], {
    cwd: project,
    timeoutMs: 240_000,
  });
  expect({ code: install.code, stderr: install.code === 0 ? "" : install.stderr }).toEqual({ code: 0, stderr: "" });
}, 300_000);

afterAll(async () => {
  await stack?.teardown();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  await killLeakedServices();
});

function expectSuccess(run: ProcessResult): void {
  expect({ code: run.code, stderr: run.code === 0 ? "" : `${run.stdout}\n${run.stderr}` }).toEqual({ code: 0, stderr: "" });
}

test("the tarball depends on nothing of the workspace", async () => {
  const manifest = JSON.parse(await readFile(path.join(project, "node_modules/@jobline/client/package.json"), "utf8")) as Record<
    string,
    unknown
  >;

  expect(manifest).toMatchObject({ dependencies: { zod: expect.any(String) } });
  expect(Object.keys(manifest)).not.toEqual(expect.arrayContaining(["devDependencies"]));
  expect(await readdir(path.join(project, "node_modules/@jobline"))).toEqual(["client"]);
  const dist = path.join(project, "node_modules/@jobline/client/dist");
  const files = (await readdir(dist)).filter((file) => !file.endsWith(".map"));
  expect(files.sort()).toEqual(["index.d.mts", "index.d.ts", "index.js", "index.mjs"]);
  for (const file of files) expect(await readFile(path.join(dist, file), "utf8")).not.toContain("@jobline/");
});

/** The README's example and the rejected lines, compiled once with `tsc --strict` to out/ (what the runs below run). */
let compiled: Promise<ProcessResult> | undefined;
function compile(): Promise<ProcessResult> {
  compiled ??= (async () => {
    const example = await readmeBlock("packages/client/test/packed-client.test.ts");
    await Promise.all([
      writeFile(path.join(project, "example.mts"), example),
      writeFile(path.join(project, "example.cts"), example),
      writeFile(path.join(project, "rejected.mts"), rejected),
      writeFile(path.join(project, "rejected.cts"), rejected),
    ]);
    return runCommand(
      process.execPath,
      [
        tscBin,
        ...["--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2023"],
        ...["--types", "node", "--typeRoots", path.join(repoRoot, "node_modules/@types"), "--outDir", "out"],
        ...["example.mts", "example.cts", "rejected.mts", "rejected.cts"],
      ],
      { cwd: project, timeoutMs: 120_000 },
    );
  })();
  return compiled;
}

test("the README's example and the rejected lines type-check with tsc --strict, as ESM and as CommonJS", async () => {
  expectSuccess(await compile());
}, 180_000);

describe.each([
  ["ESM", "out/example.mjs"],
  ["CommonJS", "out/example.cjs"],
])("the README's example as %s", (_, program) => {
  test("submits a report, prints its document and its events", async () => {
    expectSuccess(await compile());
    const run = await runCommand(process.execPath, [program], {
      cwd: project,
      env: { JOBLINE_URL: stack.baseUrl(), JOBLINE_TOKEN: stack.token },
      timeoutMs: 90_000,
    });

    expectSuccess(run);
    expect(run.stdout).toContain("# Q3");
    expect(run.stdout).toMatch(/^job\.completed 100$/m);
  }, 180_000);
});

test("the README's example runs as written with tsx, as a CommonJS .ts file", async () => {
  await writeFile(path.join(project, "example.ts"), await readmeBlock("packages/client/test/packed-client.test.ts"));

  const run = await runCommand(process.execPath, [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), "example.ts"], {
    cwd: project,
    env: { JOBLINE_URL: stack.baseUrl(), JOBLINE_TOKEN: stack.token },
    timeoutMs: 90_000,
  });

  expectSuccess(run);
  expect(run.stdout).toContain("# Q3");
}, 120_000);

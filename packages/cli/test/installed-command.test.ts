/**
 * `jobline` as the README installs it: `npm run cli:install` packs the command and installs the tarball with
 * `npm install -g` (here into a temporary prefix), and a new shell whose PATH has npm's global bin runs it from a
 * folder outside the repository against a running stack.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { killLeakedServices, repoRoot, runCommand, startStack, type ProcessResult, type Stack } from "@jobline/testing";

let stack: Stack;
let dir: string;
let prefix: string;

beforeAll(async () => {
  stack = await startStack({ apis: 1, workers: 1 });
  dir = await mkdtemp(path.join(tmpdir(), "jobline-installed-cli-"));
  prefix = path.join(dir, "prefix");
  const install = await runCommand("npm", ["run", "cli:install"], {
    cwd: repoRoot,
    env: { npm_config_prefix: prefix },
    timeoutMs: 400_000,
  });
  expect({ code: install.code, stderr: install.code === 0 ? "" : install.stderr }).toEqual({ code: 0, stderr: "" });
}, 420_000);

afterAll(async () => {
  await stack?.teardown();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  await killLeakedServices();
});

/** `jobline …` typed into a new shell: only npm's global bin and the system's folders on its PATH. */
function shell(commandLine: string, env: Record<string, string> = {}): Promise<ProcessResult> {
  const pathEntries = [path.join(prefix, "bin"), path.dirname(process.execPath), "/usr/bin", "/bin"];
  return runCommand("bash", ["-c", commandLine], {
    cwd: dir,
    env: { PATH: pathEntries.join(path.delimiter), JOBLINE_URL: stack.baseUrl(), JOBLINE_TOKEN: stack.token, ...env },
    timeoutMs: 60_000,
  });
}

function expectExit(run: ProcessResult, code: number): void {
  expect({ code: run.code, stderr: run.code === code ? "" : run.stderr }).toEqual({ code, stderr: "" });
}

test("the command on the PATH is the installed one", async () => {
  const run = await shell("command -v jobline");

  expectExit(run, 0);
  expect(run.stdout.trim()).toBe(path.join(prefix, "bin", "jobline"));
});

test("jobline --help prints the commands", async () => {
  const run = await shell("jobline --help");

  expectExit(run, 0);
  expect(run.stdout).toContain("Usage: jobline <command>");
  expect(run.stdout).toContain("submit");
});

test("jobline submit --wait prints the result, and jobline list --json shows the job", async () => {
  const submitted = await shell(`jobline submit demo.echo '{"hello":"installed"}' --wait --timeout-ms 30000`);
  expectExit(submitted, 0);
  expect(JSON.parse(submitted.stdout)).toEqual({ hello: "installed" });

  const listed = await shell("jobline list --type demo.echo --json");
  expectExit(listed, 0);
  expect(JSON.parse(listed.stdout)).toEqual([
    expect.objectContaining({ type: "demo.echo", status: "completed", result: { hello: "installed" } }),
  ]);
}, 150_000);

test("a failing command exits with its own code and no package manager's noise", async () => {
  const run = await shell("jobline get 00000000-0000-4000-8000-000000000000");

  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/^jobline: /);
  expect(run.stderr).not.toContain("ELIFECYCLE");
});

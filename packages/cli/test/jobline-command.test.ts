import { randomUUID } from "node:crypto";
import { freePort, killLeakedServices, runNode, startStack, type ProcessResult, type Stack } from "@jobline/testing";

const cli = "packages/cli/dist/main.js";
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ apis: 1, workers: 1 });
});

afterAll(async () => {
  await stack?.teardown();
  await killLeakedServices();
});

/** The exit code, with what the command said on stderr when it is not the one expected (a 503 under load, say). */
function expectExit(run: ProcessResult, code: number): void {
  expect({ code: run.code, stderr: run.code === code ? "" : run.stderr }).toEqual({ code, stderr: "" });
}

function jobline(args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return runNode(cli, args, { JOBLINE_URL: stack.baseUrl(), JOBLINE_TOKEN: stack.token, ...env });
}

test("submit --wait prints the job's result and exits 0", async () => {
  const run = await jobline(["submit", "demo.echo", '{"hello":"world"}', "--wait", "--timeout-ms", "30000"]);

  expectExit(run, 0);
  expect(JSON.parse(run.stdout)).toEqual({ hello: "world" });
});

test("submit --wait exits 1 when the job fails, saying why on stderr", async () => {
  const run = await jobline(["submit", "demo.fail", '{"failTimes":1,"retryable":false}', "--wait"]);

  expectExit(run, 1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/failed: .*attempt 1/);
});

test("submit --json prints the job resource as JSON", async () => {
  const run = await jobline(["submit", "demo.gpu-echo", "{}", "--json", "--priority", "5"]);

  expectExit(run, 0);
  expect(JSON.parse(run.stdout)).toMatchObject({ type: "demo.gpu-echo", status: "queued", priority: 5 });
});

test("submit without --json prints just the id, for scripts", async () => {
  const run = await jobline(["submit", "demo.gpu-echo"]);

  expect(run.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
});

test("a payload the API refuses exits 3 with the field from the problem document", async () => {
  const run = await jobline(["submit", "demo.sleep", '{"ms":-1}']);

  expectExit(run, 3);
  expect(run.stderr).toContain("payload.ms");
});

test.each([
  ["no command", []],
  ["an unknown command", ["explode"]],
  ["a missing argument", ["get"]],
  ["a number that is not one", ["submit", "demo.echo", "--priority", "high"]],
  ["a payload that is not JSON", ["submit", "demo.echo", "{oops"]],
  ["an unknown option", ["list", "--colour"]],
])("%s is a usage error: exit 2", async (_, args) => {
  const run = await jobline(args);

  expectExit(run, 2);
  expect(run.stderr).toMatch(/^jobline: /);
});

test("--help on a command prints its usage and the exit codes, exit 0", async () => {
  const run = await jobline(["watch", "--help"]);

  expectExit(run, 0);
  expect(run.stdout).toContain("Usage: jobline watch <id>");
  expect(run.stdout).toContain("4  the API is unreachable");
});

test("a token the API does not know exits 3", async () => {
  const run = await jobline(["get", randomUUID()], { JOBLINE_TOKEN: "jl_not_a_real_token" });

  expectExit(run, 3);
  expect(run.stderr).toContain("401");
});

test("an unknown job exits 3", async () => {
  const run = await jobline(["get", randomUUID()]);

  expectExit(run, 3);
  expect(run.stderr).toContain("404");
});

test("an API nobody answers at exits 4", async () => {
  const run = await jobline(["list"], { JOBLINE_URL: `http://127.0.0.1:${await freePort()}` });

  expectExit(run, 4);
});

test("list --json prints a JSON array of at most --limit jobs", async () => {
  const run = await jobline(["list", "--json", "--type", "demo.gpu-echo", "--limit", "2"]);

  expectExit(run, 0);
  const jobs = JSON.parse(run.stdout) as { type: string }[];
  expect(jobs).toHaveLength(2);
  expect(jobs.every((job) => job.type === "demo.gpu-echo")).toBe(true);
});

test("get shows the job", async () => {
  const id = (await jobline(["submit", "demo.gpu-echo"])).stdout.trim();

  const run = await jobline(["get", id]);

  expectExit(run, 0);
  expect(run.stdout).toMatch(/status\s+queued/);
});

test("watch follows a job in plain lines and ends with its result", async () => {
  const id = (await jobline(["submit", "demo.sleep", '{"ms":500}'])).stdout.trim();

  const run = await jobline(["watch", id]);

  expectExit(run, 0);
  expect(run.stdout).toMatch(/job\.started +running/);
  expect(run.stdout).toMatch(/job\.completed +completed/);
  expect(JSON.parse(run.stdout.slice(run.stdout.lastIndexOf("{")))).toEqual({ sleptMs: expect.any(Number) });
});

test("watch --json prints one JSON document per line, the finished job last", async () => {
  const id = (await jobline(["submit", "demo.echo", '{"n":1}'])).stdout.trim();

  const run = await jobline(["watch", id, "--json"]);

  const lines = run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; status: string });
  expect(lines.map((line) => line.type)).toContain("job.completed");
  expect(lines.at(-1)).toMatchObject({ id, status: "completed", result: { n: 1 } });
});

test("cancel then retry: the job is cancelled, then back in its queue", async () => {
  const id = (await jobline(["submit", "demo.echo", "{}", "--delay-ms", "60000"])).stdout.trim();

  expect(JSON.parse((await jobline(["cancel", id, "--json"])).stdout)).toMatchObject({ status: "cancelled" });
  expect(JSON.parse((await jobline(["retry", id, "--json"])).stdout)).toMatchObject({ status: "queued" });
});

test("schedules: create, pause, list and delete", async () => {
  const created = await jobline(["schedules", "create", "nightly", "demo.echo", '{"a":1}', "--cron", "0 3 * * *", "--json"]);
  expect(created.code).toBe(0);
  const schedule = JSON.parse(created.stdout) as { id: string };

  expect(JSON.parse((await jobline(["schedules", "pause", schedule.id, "--json"])).stdout)).toMatchObject({ paused: true });
  expect(JSON.parse((await jobline(["schedules", "list", "--json"])).stdout)).toEqual([
    expect.objectContaining({ id: schedule.id, name: "nightly" }),
  ]);
  expect((await jobline(["schedules", "delete", schedule.id])).code).toBe(0);
  expect((await jobline(["schedules", "get", schedule.id])).code).toBe(3);
});

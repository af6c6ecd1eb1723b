/**
 * `npm run dev -- --watch` in local mode, run as the script it is (in a state folder of its own, so a developer's dev
 * stack is not touched), then `dev.sh --stop`: every process the stack started is gone, the watching build with it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, waitFor } from "../src";

// A fresh Postgres cluster, Redis, the install check, the build check, migrations, the API and the worker: on a busy
// two-core machine, minutes.
const startMs = 300_000;
jest.setTimeout(startMs + 180_000);

const state = mkdtempSync(path.join(tmpdir(), "jobline-dev-stack-"));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, JOBLINE_STATE: state, JOBLINE_DEV_MODE: "local", WORKER_PORT: "0" };
const dev = path.join(state, "dev");
let stack: ChildProcess | undefined;
let output = "";

function run(...args: string[]): ChildProcess {
  // Its own process group, so that the clean-up below can end what a failed run left, and nothing else.
  const child = spawn("bash", [path.join(repoRoot, "scripts/dev.sh"), ...args], { cwd: repoRoot, env, detached: true });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return child;
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once("close", resolve));

/** Whether a process, or with `group` a process group, still exists. */
function alive(pid: number, group = false): boolean {
  try {
    process.kill(group ? -pid : pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidIn = (file: string, line = 0): number => Number(readFileSync(path.join(dev, file), "utf8").split("\n")[line]);

afterAll(async () => {
  if (stack && alive(stack.pid!)) {
    await exited(run("--stop"));
    if (alive(stack.pid!, true)) process.kill(-stack.pid!, "SIGKILL");
  }
  // As root the cluster lives outside the state folder (where the postgres user can reach it): its folder goes too.
  const homeFile = path.join(dev, "postgres.home");
  const home = existsSync(homeFile) ? path.dirname(readFileSync(homeFile, "utf8").trim()) : state;
  if (!home.startsWith(state)) rmSync(home, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

it("dev.sh --stop stops the watching build, the API, the worker, Redis and Postgres", async () => {
  stack = run("--watch");
  await waitFor(async () => output.includes("[jobline] ready") || undefined, `the dev stack to be ready; output:\n${output}`, startMs);
  const started = {
    "the watching build": pidIn("build.pid"),
    API: pidIn("api.pid"),
    worker: pidIn("worker.pid"),
    Redis: pidIn("redis/redis.pid"),
    Postgres: pidIn(`${path.relative(dev, readFileSync(path.join(dev, "postgres.home"), "utf8").trim())}/data/postmaster.pid`),
  };
  expect(output).toContain("watching");
  expect(alive(started["the watching build"], true)).toBe(true);

  expect(await exited(run("--stop"))).toBe(0);
  // The running script is stopped first, and stops what it started; Postgres removes its pid file a moment before
  // its last process exits.
  expect(await exited(stack)).toBe(143);
  const left = () => Object.entries(started).filter(([name, pid]) => alive(pid, name === "the watching build"));
  await waitFor(async () => left().length === 0 || undefined, "every process to be gone", 10_000).catch(() => undefined);
  expect(left()).toEqual([]);
});

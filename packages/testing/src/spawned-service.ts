import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The repository's root, for spawning the built apps. */
export const repoRoot = path.resolve(__dirname, "../../..");

export interface SpawnedService {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr, interleaved as they came). */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first line matching `pattern` (already printed or to come). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` and resolves with the exit code; SIGKILLs after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** Resolves with the exit code (null when a signal ended it) once the process is gone and its output read. */
  exited(): Promise<number | null>;
}

export interface SpawnOptions {
  /** Command-line arguments after the script. */
  args?: readonly string[];
}

/** Processes not yet exited, for `killLeakedServices`. */
const live = new Set<SpawnedService>();

/**
 * Runs `node <script> …args` (a built app such as `apps/api/dist/main.js`, a CLI, a tool) as a real child process,
 * from the repository root, with `env` and PATH only: nothing from the developer's shell (a stray QUEUE_PREFIX)
 * or dev stack (its settings file) leaks in.
 */
export function spawnService(name: string, script: string, env: NodeJS.ProcessEnv, options: SpawnOptions = {}): SpawnedService {
  const child = spawn(process.execPath, [path.join(repoRoot, script), ...(options.args ?? [])], {
    cwd: repoRoot,
    // JOBLINE_DEV_SETTINGS empty: a CLI under test never falls back to a running dev stack's settings.
    env: { PATH: process.env.PATH, JOBLINE_DEV_SETTINGS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const streams = { stdout: "", stderr: "" };
  const listeners = new Set<() => void>();
  const collect =
    (stream: keyof typeof streams) =>
    (chunk: Buffer): void => {
      streams[stream] += chunk.toString("utf8");
      text += chunk.toString("utf8");
      for (const listener of listeners) listener();
    };
  child.stdout?.on("data", collect("stdout"));
  child.stderr?.on("data", collect("stderr"));
  const exit = new Promise<number | null>((resolve) => {
    // 'close', not 'exit': by then every byte the process printed has been read.
    child.once("close", (code) => resolve(code));
    // A process that could not be started never closes; its error becomes part of the output.
    child.once("error", (error) => {
      text += `${name}: ${error.message}\n`;
      resolve(null);
    });
  });

  const waitForLine = (pattern: RegExp, timeoutMs = 20_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = text.split("\n").find((l) => pattern.test(l));
        if (line === undefined) return false;
        cleanup();
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${text}`));
      }, timeoutMs);
      const onExit = (): void => {
        if (check()) return;
        cleanup();
        reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}; output:\n${text}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        child.off("close", onExit);
      };
      const listener = (): void => void check();
      if (check()) return;
      listeners.add(listener);
      child.once("close", onExit);
    });

  const stop = async (signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return exit;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  };

  const service: SpawnedService = {
    name,
    child,
    output: () => text,
    stdout: () => streams.stdout,
    stderr: () => streams.stderr,
    waitForLine,
    stop,
    exited: () => exit,
  };
  live.add(service);
  void exit.then(() => live.delete(service));
  return service;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> …args` to the end (SIGKILLed after `timeoutMs`) and collects what it printed. */
export async function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ProcessResult> {
  const run = spawnService(path.basename(script), script, env, { args });
  const timer = setTimeout(() => run.child.kill("SIGKILL"), timeoutMs);
  try {
    return { code: await run.exited(), stdout: run.stdout(), stderr: run.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kills every spawned process still running and throws if there was any: a test must stop what it started, or a
 * leaked worker goes on taking jobs from a later test's queues.
 */
export async function killLeakedServices(): Promise<void> {
  const leaked = [...live];
  await Promise.all(leaked.map((service) => service.stop("SIGKILL")));
  if (leaked.length > 0)
    throw new Error(`leaked processes (killed now): ${leaked.map((service) => `${service.name} (pid ${service.child.pid})`).join(", ")}`);
}

/** Polls `probe` until it returns a value other than undefined/false; for state kept in another process. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

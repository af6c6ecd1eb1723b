/**
 * The built worker (`dist/main.js`) as a real child process. Every spawned process is tracked, so a test file's
 * teardown can kill leftovers and fail loudly: a leaked worker would keep taking jobs from a later test's queues.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const mainScript = path.resolve(__dirname, "../../dist/main.js");

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The parsed "worker ready" line. */
  readonly ready: LogLine & { port: number };
  /** Every JSON log line so far. */
  lines(): LogLine[];
  /** stdout and stderr as printed, for failure messages. */
  output(): string;
  /** Sends `signal` and resolves with the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

const live = new Set<ChildProcess>();

export async function startWorker(env: Record<string, string>, readyTimeoutMs = 20_000): Promise<WorkerProcess> {
  // Only what the test passes: nothing from the developer's shell (a stray QUEUE_PREFIX) leaks in.
  const child = spawn(process.execPath, [mainScript], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let text = "";
  const parsed: LogLine[] = [];
  let partial = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let onReady: (line: LogLine & { port: number }) => void = () => undefined;
  const ready = new Promise<LogLine & { port: number }>((resolve) => (onReady = resolve));
  child.stdout!.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
    const pieces = (partial + chunk.toString("utf8")).split("\n");
    partial = pieces.pop() ?? "";
    for (const piece of pieces) {
      try {
        const line = JSON.parse(piece) as LogLine;
        parsed.push(line);
        if (line.msg === "worker ready") onReady(line as LogLine & { port: number });
      } catch {
        // not a log line; kept in `text`
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));

  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`worker not ready within ${readyTimeoutMs} ms:\n${text}`)), readyTimeoutMs);
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready:\n${text}`)));
  });
  failed.catch(() => undefined);
  try {
    const readyLine = await Promise.race([ready, failed]);
    return {
      child,
      ready: readyLine,
      lines: () => [...parsed],
      output: () => text,
      exited,
      stop: (signal = "SIGTERM") => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
    };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Kills whatever is still running and throws if anything was: each test must stop the workers it started. */
export async function killLeakedWorkers(): Promise<void> {
  const leaked = [...live];
  await Promise.all(
    leaked.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
  if (leaked.length > 0) throw new Error(`leaked worker processes (killed now): ${leaked.map((child) => child.pid).join(", ")}`);
}

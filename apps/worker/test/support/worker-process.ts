/** The built worker (`dist/main.js`) as a real child process, with its JSON log lines parsed. */
import { spawnService, type SpawnedService } from "@jobline/testing";

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface WorkerProcess {
  readonly child: SpawnedService["child"];
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

/** Longer than any shutdown grace a test sets: a worker still running by then is hung, and is SIGKILLed. */
const stopTimeoutMs = 60_000;

function logLines(stdout: string): LogLine[] {
  return stdout.split("\n").flatMap((text) => {
    try {
      return [JSON.parse(text) as LogLine];
    } catch {
      return []; // not a log line; kept in output()
    }
  });
}

/** Only `env` (and PATH) reaches the worker. A test's teardown calls `killLeakedServices` for what it forgot. */
export async function startWorker(env: Record<string, string>, readyTimeoutMs = 20_000): Promise<WorkerProcess> {
  const service = spawnService("worker", "apps/worker/dist/main.js", env);
  try {
    const ready = JSON.parse(await service.waitForLine(/"msg":"worker ready"/, readyTimeoutMs)) as LogLine & { port: number };
    return {
      child: service.child,
      ready,
      lines: () => logLines(service.stdout()),
      output: service.output,
      stop: (signal = "SIGTERM") => service.stop(signal, stopTimeoutMs),
      exited: service.exited(),
    };
  } catch (error) {
    await service.stop("SIGKILL");
    throw error;
  }
}

/**
 * A private Redis on a free port. Durable by default: append-only persistence, fsynced on every write, so that a
 * fault scenario can kill it (SIGKILL included) and start it again on the same port and directory without losing an
 * acknowledged write. `durable: false` keeps nothing on disk, for measurements no other client may disturb.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";
import { waitFor } from "./spawned-service";

const run = promisify(execFile);

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  start(): Promise<void>;
  /** Sends `signal` to the server (by the pid it wrote) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  destroy(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startRedisServer(options: { durable?: boolean } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "jobline-redis-"));
  const pidFile = path.join(dir, "redis.pid");
  const port = await freePort();
  let pid: number | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      // A SIGKILLed server leaves its pid file behind: a stale pid must not be taken for the new server's.
      rmSync(pidFile, { force: true });
      const persistence = options.durable === false ? ["--appendonly", "no"] : ["--appendonly", "yes", "--appendfsync", "always"];
      const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, ...persistence];
      await run("redis-server", [
        ...args,
        "--save",
        "",
        "--daemonize",
        "yes",
        "--pidfile",
        pidFile,
        "--logfile",
        path.join(dir, "redis.log"),
      ]);
      // The pid file and the listening socket appear a moment after the daemonizing parent returns.
      pid = await waitFor(
        async () => {
          try {
            const written = Number(readFileSync(pidFile, "utf8").trim());
            const { stdout } = await run("redis-cli", ["-p", String(port), "ping"]);
            return stdout.trim() === "PONG" && alive(written) && written;
          } catch {
            return undefined;
          }
        },
        `redis on port ${port}`,
        10_000,
      );
    },
    async kill(signal = "SIGTERM") {
      const target = pid;
      if (target === undefined || !alive(target)) return;
      process.kill(target, signal);
      await waitFor(async () => !alive(target), `redis (pid ${target}) to exit`, 10_000);
      pid = undefined;
    },
    async destroy() {
      try {
        await server.kill("SIGKILL");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  await server.start();
  return server;
}

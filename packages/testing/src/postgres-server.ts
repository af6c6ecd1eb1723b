/**
 * A private PostgreSQL 15 cluster on a free port, for a test that stops and restarts the database. `initdb` refuses
 * to run as root, so when tests run as root every server command runs as the `postgres` user on a directory it owns.
 */
import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";

const run = promisify(execFile);
const bin = "/usr/lib/postgresql/15/bin";

export interface PostgresServer {
  readonly port: number;
  /** A URL for database `name` on this server (user postgres, trust auth). */
  url(name?: string): string;
  start(): Promise<void>;
  /** `immediate` is a crash as far as clients see it: connections drop, nothing is flushed politely. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops the server (if running) and removes its directory. */
  destroy(): Promise<void>;
}

function asPostgres(command: string, args: string[]): Promise<unknown> {
  const asRoot = process.getuid?.() === 0;
  return asRoot ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "jobline-pg-"));
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) {
    const { uid, gid } = await run("id", ["-u", "postgres"]).then(async ({ stdout }) => ({
      uid: Number(stdout.trim()),
      gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
    }));
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  await asPostgres(`${bin}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  let running = false;
  const server: PostgresServer = {
    port,
    url: (name = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${name}`,
    async start() {
      await asPostgres(`${bin}/pg_ctl`, ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
      running = true;
    },
    async stop(mode = "fast") {
      await asPostgres(`${bin}/pg_ctl`, ["-D", data, "-m", mode, "-w", "stop"]);
      running = false;
    },
    async destroy() {
      try {
        if (running) await server.stop("immediate");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  await server.start();
  return server;
}

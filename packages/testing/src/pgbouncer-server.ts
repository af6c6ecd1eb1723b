/**
 * A private PgBouncer in transaction mode on a free port, in front of a Postgres server: what a managed Postgres's
 * pooler does to a client (each transaction may run on another server connection; Debian's 1.18 keeps no prepared
 * statement across them). PgBouncer refuses to run as root, so as root it runs as `postgres` on a directory it owns.
 */
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { freePort } from "./free-port";
import { waitFor } from "./spawned-service";

const run = promisify(execFile);
/** Debian installs it in /usr/sbin, which a user's PATH may lack. */
const binary = existsSync("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : "pgbouncer";

export interface PgBouncerServer {
  readonly port: number;
  /** `serverUrl` with its host and port replaced by the pooler's (the same user, password, database and query). */
  url(serverUrl: string): string;
  /** Stops the pooler (by the pid it wrote) and removes its directory. */
  destroy(): Promise<void>;
}

/** Sends `signal` (0: none, a probe) to `pid`; false when no such process is left. */
const signalled = (pid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    return process.kill(pid, signal);
  } catch {
    return false;
  }
};

async function postgresOwner(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * `auth_type = any` lets every client in without a password, so the server connection's user (and password, if the
 * server wants one) is fixed on the database line: every database of `serverUrl`'s server is reachable.
 */
function configFile(dir: string, port: number, server: URL): string {
  const login = [`user=${decodeURIComponent(server.username || "postgres")}`];
  if (server.password) login.push(`password=${decodeURIComponent(server.password)}`);
  return [
    "[databases]",
    `* = host=${server.hostname} port=${server.port || "5432"} ${login.join(" ")}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = any",
    "pool_mode = transaction",
    "max_client_conn = 1000",
    "default_pool_size = 20",
    `logfile = ${path.join(dir, "pgbouncer.log")}`,
    `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
    "",
  ].join("\n");
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts PgBouncer 1.18+ (Debian's `pgbouncer` package) in front of the server `serverUrl` points at. */
export async function startPgBouncer(serverUrl: string): Promise<PgBouncerServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "jobline-pgbouncer-"));
  const port = await freePort();
  const iniFile = path.join(dir, "pgbouncer.ini");
  writeFileSync(iniFile, configFile(dir, port, new URL(serverUrl)));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresOwner();
    chownSync(dir, uid, gid);
    chownSync(iniFile, uid, gid);
  }
  const url = (given: string): string => {
    const through = new URL(given);
    through.hostname = "127.0.0.1";
    through.port = String(port);
    return through.toString();
  };
  try {
    const args = ["-d", "-q", iniFile];
    await (asRoot ? run("runuser", ["-u", "postgres", "--", binary, ...args]) : run(binary, args));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // The daemon writes its pid and opens its port a moment after the command returns.
  const pid = await waitFor(
    async () => {
      try {
        const written = Number(readFileSync(path.join(dir, "pgbouncer.pid"), "utf8").trim());
        return signalled(written, 0) && (await answers(url(serverUrl))) && written;
      } catch {
        return undefined;
      }
    },
    `pgbouncer on port ${port}`,
    10_000,
  );
  return {
    port,
    url,
    async destroy() {
      try {
        // SIGTERM: PgBouncer's immediate shutdown (SIGINT would wait for its clients to leave).
        signalled(pid, "SIGTERM");
        await waitFor(async () => !signalled(pid, 0), `pgbouncer (pid ${pid}) to exit`, 10_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { UnnamedStatementClient } from "./unnamed-statement-client";

export type { PrismaClient, Pool };

export interface DatabaseOptions {
  poolSize?: number;
  connectionTimeoutMs?: number;
  /**
   * `databaseUrl` is a pooler in transaction mode (`pgbouncer=true`): every transaction may run on another server
   * connection, so statements are sent unnamed and no connection carries session settings.
   */
  transactionPooler?: boolean;
}

/**
 * One process's way into Postgres: Prisma for the schema's cold paths (tokens, owners, sweeps, the reconciler's
 * scans) and the same `pg` pool for the door's few hot statements, which skip Prisma's query compiler (a raw query
 * through Prisma measured about twice the cost of the same query on the pool).
 */
export interface Database {
  prisma: PrismaClient;
  pool: Pool;
  /**
   * A small pool whose commits do not wait for the WAL flush (`synchronous_commit = off`): for writes whose loss in
   * a Postgres crash costs only a repeat, never a job (a worker's `running` gate, progress). About 0.4 ms saved per
   * write on this kind of disk, which is most of a job's cost at concurrency 1. Behind a transaction pooler its commits
   * are synchronous: PgBouncer refuses the startup setting, and a SET would stay on a server connection others get.
   */
  asyncCommitPool: Pool;
  /** Closes Prisma and the pool. */
  close(): Promise<void>;
}

/**
 * Without a connection timeout, pg waits for a server that does not answer (a dead host, a full backlog) for as
 * long as the OS allows, and a request would hang instead of answering 503; a refused connection fails at once.
 */
export function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const settings = {
    connectionString: databaseUrl,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    ...(options.transactionPooler ? { Client: UnnamedStatementClient } : {}),
  };
  const pool = new Pool({ ...settings, max: options.poolSize ?? 10 });
  const asyncCommitPool = new Pool({ ...settings, max: 2, ...(options.transactionPooler ? {} : { options: "-c synchronous_commit=off" }) });
  // An idle client losing its server (a Postgres restart) is reported here; without a listener it would crash the process.
  for (const each of [pool, asyncCommitPool]) each.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    pool,
    asyncCommitPool,
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        // Prisma ends the pool only if it ever connected through it.
        if (!pool.ended) await pool.end();
        await asyncCommitPool.end();
      })();
      return closing;
    },
  };
}

/** Prisma alone, for the cold paths (command-line tools, tests). `$disconnect()` closes its pool. */
export function createPrismaClient(databaseUrl: string, options: DatabaseOptions = {}): PrismaClient {
  return createDatabase(databaseUrl, options).prisma;
}

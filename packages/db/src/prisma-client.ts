import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type { PrismaClient };

/**
 * One client per process; Prisma 7 talks to Postgres through the `pg` driver adapter. Without a connection
 * timeout, pg waits for a server that does not answer (a dead host, a full backlog) for as long as the OS
 * allows, and a request would hang instead of answering 503; a refused connection fails at once either way.
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number; connectionTimeoutMs?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
  });
  return new PrismaClient({ adapter });
}

/**
 * One scenario's world: the shared stack (a database, the built API and workers as real processes, a token) on
 * the scenario's own Redis, and on its own Postgres server when it stops that one.
 */
import { startStack, type RedisServer, type Stack } from "@jobline/testing";
import type { PostgresServer } from "./postgres-server";

/**
 * Crash recovery tuned down from the production defaults so a scenario sees it within seconds: a dead worker's
 * locks expire after 2 s and are noticed within 1 s; the reconciler looks at rows left alone for 5 s.
 */
const fastRecovery = {
  WORKER_LOCK_DURATION_MS: "2000",
  WORKER_STALLED_INTERVAL_MS: "1000",
  RECONCILE_INTERVAL_MS: "2000",
  RECONCILE_GRACE_MS: "5000",
};

export type World = Stack;

export function createWorld(options: { redis: RedisServer; postgres?: PostgresServer }): Promise<World> {
  return startStack({
    redisUrl: options.redis.url,
    databaseUrl: options.postgres?.url(),
    owner: "faults",
    concurrency: 8,
    // Quick 503s while Redis is down, so the load generator meets them within the scenario.
    apiEnv: { ENQUEUE_TIMEOUT_MS: "1000" },
    workerEnv: fastRecovery,
    prisma: { poolSize: 4, connectionTimeoutMs: 2000 },
  });
}

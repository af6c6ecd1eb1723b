/**
 * One scenario's world: a database, a Redis, the built API and workers as real processes, and a token to submit
 * with. Everything it starts is tracked and stopped by pid in `teardown`, which also removes what it created.
 */
import { createApiKey, createPrismaClient, defaultMigrationsDir, migrate, type PrismaClient } from "@jobline/db";
import { createTestDatabase, spawnService, uniqueQueuePrefix, type SpawnedService, type TestDatabase } from "@jobline/testing";
import type { PostgresServer } from "./postgres-server";
import type { RedisServer } from "./redis-server";

/**
 * Crash recovery tuned down from the production defaults so a scenario sees it within seconds: a dead worker's
 * locks expire after 2 s and are noticed within 1 s; the reconciler looks at rows left alone for 5 s.
 */
const fastRecovery = {
  WORKER_LOCK_DURATION_MS: "2000",
  WORKER_STALLED_INTERVAL_MS: "1000",
  RECONCILE_INTERVAL_MS: "2000",
  RECONCILE_GRACE_MS: "5000",
  SWEEP_INTERVAL_MS: "0",
};

export interface World {
  prisma: PrismaClient;
  token: string;
  /** The API's address; it changes when the API is restarted (it listens on a free port). */
  baseUrl(): string;
  api(): SpawnedService;
  startApi(): Promise<SpawnedService>;
  startWorker(name: string, env?: Record<string, string>): Promise<SpawnedService>;
  teardown(): Promise<void>;
}

export async function createWorld(options: { redis: RedisServer; postgres?: PostgresServer }): Promise<World> {
  let database: TestDatabase | undefined;
  let databaseUrl: string;
  if (options.postgres) {
    databaseUrl = options.postgres.url();
    await migrate(databaseUrl, defaultMigrationsDir(undefined));
  } else {
    database = await createTestDatabase();
    databaseUrl = database.url;
  }
  const prisma = createPrismaClient(databaseUrl, { poolSize: 4, connectionTimeoutMs: 2000 });
  const { token } = await createApiKey(prisma, { owner: "faults", scopes: ["jobs:read", "jobs:write"] });
  const prefix = uniqueQueuePrefix();
  const base = { DATABASE_URL: databaseUrl, REDIS_URL: options.redis.url, QUEUE_PREFIX: prefix, JOBLINE_DEMO_JOBS: "true", LOG_LEVEL: "info" };
  const services: SpawnedService[] = [];
  let api: SpawnedService | undefined;
  let baseUrl = "";

  return {
    prisma,
    token,
    baseUrl: () => baseUrl,
    api: () => api!,
    async startApi() {
      api = spawnService("api", "apps/api/dist/main.js", { ...base, PORT: "0", ENQUEUE_TIMEOUT_MS: "1000" });
      services.push(api);
      const listening = await api.waitForLine(/api listening/);
      baseUrl = `http://127.0.0.1:${JSON.parse(listening).port}`;
      return api;
    },
    async startWorker(name, env = {}) {
      const worker = spawnService(name, "apps/worker/dist/main.js", { ...base, ...fastRecovery, WORKER_QUEUES: "cpu", WORKER_CONCURRENCY_CPU: "8", WORKER_PORT: "0", ...env });
      services.push(worker);
      await worker.waitForLine(/worker ready/);
      return worker;
    },
    async teardown() {
      await Promise.all(services.map((service) => service.stop("SIGTERM", 10_000)));
      await prisma.$disconnect();
      await database?.drop();
    },
  };
}

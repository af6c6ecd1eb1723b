/**
 * One scenario's world: a fresh database and Redis key prefix, the BUILT API (and workers, when asked for) as
 * real processes, and a token. Each scenario gets its own, so rows and queue entries left by one (a submit
 * benchmark leaves tens of thousands of queued jobs) never reach the next. Everything is stopped by pid and
 * removed in `teardown`.
 */
import { createApiKey, createPrismaClient, type PrismaClient } from "@jobline/db";
import { createTestDatabase, deleteQueuePrefix, spawnService, testRedisUrl, uniqueQueuePrefix, type SpawnedService, type TestDatabase } from "@jobline/testing";

export interface World {
  prisma: PrismaClient;
  token: string;
  baseUrl: string;
  startWorker(env: Record<string, string>): Promise<SpawnedService>;
  teardown(): Promise<void>;
}

/** Worlds not yet torn down, so an interrupted or timed-out run can still clean up. */
const live = new Set<World>();

export async function tearDownAll(): Promise<void> {
  await Promise.allSettled([...live].map((world) => world.teardown()));
}

export async function createWorld(): Promise<World> {
  const database: TestDatabase = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const prisma = createPrismaClient(database.url, { poolSize: 4 });
  const services: SpawnedService[] = [];
  let tornDown: Promise<void> | undefined;

  // Production settings except where noted: LOG_LEVEL info (no per-request logging), TOKEN_CACHE_MS default.
  const base = { DATABASE_URL: database.url, REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix, JOBLINE_DEMO_JOBS: "true", LOG_LEVEL: "info" };

  const world: World = {
    prisma,
    token: "",
    baseUrl: "",
    async startWorker(env) {
      // WORKER_PORT 0: a free port. No sweep: it would only add a query during the measured seconds.
      const worker = spawnService(`worker-${services.length}`, "apps/worker/dist/main.js", {
        ...base,
        WORKER_QUEUES: "cpu",
        WORKER_PORT: "0",
        SWEEP_INTERVAL_MS: "0",
        ...env,
      });
      services.push(worker);
      await worker.waitForLine(/worker ready/, 30_000);
      return worker;
    },
    teardown() {
      tornDown ??= (async () => {
        await Promise.allSettled(services.map((service) => service.stop("SIGTERM", 10_000)));
        await prisma.$disconnect().catch(() => undefined);
        await deleteQueuePrefix(prefix).catch(() => undefined);
        await database.drop();
        live.delete(world);
      })();
      return tornDown;
    },
  };
  live.add(world);

  try {
    world.token = (await createApiKey(prisma, { owner: "bench", scopes: ["jobs:read", "jobs:write"] })).token;
    const api = spawnService("api", "apps/api/dist/main.js", { ...base, PORT: "0" });
    services.push(api);
    const listening = await api.waitForLine(/api listening/, 30_000);
    world.baseUrl = `http://127.0.0.1:${(JSON.parse(listening) as { port: number }).port}`;
    return world;
  } catch (error) {
    await world.teardown();
    throw error;
  }
}

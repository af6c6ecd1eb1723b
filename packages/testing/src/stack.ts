/**
 * A whole Jobline deployment for the fault suite and the bench: a migrated database, a Redis key prefix, the BUILT
 * API and workers as real processes, and a token to call the API with. Everything it starts is tracked and stopped
 * by pid in `teardown`, which also removes what it created; `stopAllStacks` does that for every stack still up (a
 * run interrupted or past its time limit).
 */
import { createApiKey, createPrismaClient, defaultMigrationsDir, migrate, type PrismaClient } from "@jobline/db";
import { appNodeOptions } from "./app-node-options";
import { spawnService, type SpawnedService } from "./spawned-service";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from "./test-redis";

type Env = Record<string, string>;

export interface StackOptions {
  /** Default: the test Redis (`TEST_REDIS_URL`). */
  redisUrl?: string;
  /** A database to migrate and use, left in place afterwards. Default: a fresh database on the test server, dropped at teardown. */
  databaseUrl?: string;
  /** How many API and worker processes to start at once (more can be started later). Default 0 each. */
  apis?: number;
  workers?: number;
  /** Jobs one worker runs at once, unless `startWorker` says otherwise. */
  concurrency?: number;
  /** Added to (and overriding) the stack's environment for every API or worker process. */
  apiEnv?: Env;
  workerEnv?: Env;
  /** Name of the owner the token belongs to. */
  owner?: string;
  /** The pool of the stack's own Prisma client, the one the caller queries the rows with. */
  prisma?: { poolSize?: number; connectionTimeoutMs?: number };
}

export interface StartedApi {
  readonly service: SpawnedService;
  readonly baseUrl: string;
}

export interface StartWorkerOptions {
  name?: string;
  concurrency?: number;
  env?: Env;
}

export interface Stack {
  readonly prisma: PrismaClient;
  readonly token: string;
  readonly prefix: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
  /** Every API and worker started so far, in order, whether still running or not. */
  readonly apis: readonly StartedApi[];
  readonly workers: readonly SpawnedService[];
  /** The newest API's address: a restarted API listens on a new free port. */
  baseUrl(): string;
  /** The newest API. */
  api(): SpawnedService;
  startApi(env?: Env): Promise<StartedApi>;
  startWorker(options?: StartWorkerOptions): Promise<SpawnedService>;
  teardown(): Promise<void>;
}

/** Stacks not yet torn down. */
const live = new Set<Stack>();

export async function stopAllStacks(): Promise<void> {
  await Promise.allSettled([...live].map((stack) => stack.teardown()));
}

async function openDatabase(given: string | undefined): Promise<{ url: string; created?: TestDatabase }> {
  if (given === undefined) {
    const created = await createTestDatabase();
    return { url: created.url, created };
  }
  await migrate(given, defaultMigrationsDir(undefined));
  return { url: given };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const redisUrl = options.redisUrl ?? testRedisUrl;
  const database = await openDatabase(options.databaseUrl);
  const prisma = createPrismaClient(database.url, { poolSize: 4, ...options.prisma });
  const prefix = uniqueQueuePrefix();
  const base: Env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    JOBLINE_DEMO_JOBS: "true",
    LOG_LEVEL: "info",
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    // The heap limits a deployment runs with, so that the bench measures the memory a deployment would use.
    NODE_OPTIONS: appNodeOptions,
  };
  const apis: StartedApi[] = [];
  const workers: SpawnedService[] = [];
  let token = "";
  let tornDown: Promise<void> | undefined;

  const stack: Stack = {
    prisma,
    get token() {
      return token;
    },
    prefix,
    redisUrl,
    databaseUrl: database.url,
    apis,
    workers,
    baseUrl: () => newest(apis, "API").baseUrl,
    api: () => newest(apis, "API").service,
    async startApi(env = {}) {
      // PORT 0: a free port, read back from the "api listening" line.
      const service = spawnService(apis.length === 0 ? "api" : `api-${apis.length + 1}`, "apps/api/dist/main.js", {
        ...base,
        PORT: "0",
        ...options.apiEnv,
        ...env,
      });
      // Listed before it is up, so that teardown stops it even if it never gets there.
      const slot = apis.push({ service, baseUrl: "" }) - 1;
      const listening = await service.waitForLine(/api listening/, 30_000);
      const api = { service, baseUrl: `http://127.0.0.1:${(JSON.parse(listening) as { port: number }).port}` };
      apis[slot] = api;
      return api;
    },
    async startWorker(start = {}) {
      const concurrency = start.concurrency ?? options.concurrency;
      const service = spawnService(start.name ?? `worker-${workers.length + 1}`, "apps/worker/dist/main.js", {
        ...base,
        WORKER_QUEUES: "cpu",
        ...(concurrency === undefined ? {} : { WORKER_CONCURRENCY_CPU: String(concurrency) }),
        // A free port for health and metrics; no periodic sweep, which would only add queries nobody asked for.
        WORKER_PORT: "0",
        SWEEP_INTERVAL_MS: "0",
        ...options.workerEnv,
        ...start.env,
      });
      workers.push(service);
      await service.waitForLine(/worker ready/, 30_000);
      return service;
    },
    teardown() {
      tornDown ??= (async () => {
        await Promise.allSettled([...apis.map((api) => api.service), ...workers].map((service) => service.stop("SIGTERM", 10_000)));
        await prisma.$disconnect().catch(() => undefined);
        await deleteQueuePrefix(prefix, redisUrl).catch(() => undefined);
        await database.created?.drop();
        live.delete(stack);
      })();
      return tornDown;
    },
  };
  live.add(stack);

  try {
    token = (await createApiKey(prisma, { owner: options.owner ?? "stack", scopes: ["jobs:read", "jobs:write"] })).token;
    await Promise.all([
      ...Array.from({ length: options.apis ?? 0 }, () => stack.startApi()),
      ...Array.from({ length: options.workers ?? 0 }, () => stack.startWorker()),
    ]);
    return stack;
  } catch (error) {
    await stack.teardown();
    throw error;
  }
}

function newest<T>(list: readonly T[], what: string): T {
  const last = list.at(-1);
  if (last === undefined) throw new Error(`no ${what} started in this stack`);
  return last;
}

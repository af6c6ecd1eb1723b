/**
 * One isolated world per test file: a fresh migrated database, a Redis key prefix nobody else uses, an owner,
 * and helpers that submit jobs the way the API does (row first, then the queue entry named after it).
 */
import { type JobDoor, type JobRow, type Pool, type PrismaClient } from "@jobline/db";
import { createEngine, withdrawEntry } from "@jobline/engine";
import { jobTypes, type JobType } from "@jobline/contract";
import { enqueueJobs, type JobQueues } from "@jobline/queues";
import {
  createTestDatabase,
  deleteQueuePrefix,
  queuedJob,
  killLeakedServices,
  testRedisUrl,
  uniqueQueuePrefix,
  waitFor,
  type TestDatabase,
  silentLog,
} from "@jobline/testing";
import type { Redis } from "ioredis";
import { startWorker, type WorkerProcess } from "./worker-process";

export interface TestEnvironment {
  /** The test database, for a test that needs its own connections (a door without the relay). */
  databaseUrl: string;
  prisma: PrismaClient;
  /** The engine's pool, for what reads rows with plain SQL (the cap on unfinished jobs). */
  pool: Pool;
  /** The door, as the API uses it: jobs are created and moved through it. */
  door: JobDoor;
  queues: JobQueues;
  /** The engine's Redis connection: a test cancels through it as the API does (the cancel channel). */
  redis: Redis;
  prefix: string;
  /** Starts the built worker against this environment; `env` adds or overrides variables. */
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  submit(
    type: string,
    payload: unknown,
    options?: { maxAttempts?: number; timeoutMs?: number; queue?: string; status?: "queued" | "cancelled"; requestId?: string },
  ): Promise<JobRow>;
  row(id: string): Promise<JobRow>;
  /** Polls the row until `done(row)` holds; returns that row. */
  waitForRow(id: string, done: (row: JobRow) => boolean, what: string, timeoutMs?: number): Promise<JobRow>;
  teardown(): Promise<void>;
}

export async function createTestEnvironment(): Promise<TestEnvironment> {
  const database: TestDatabase = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const engine = createEngine({
    databaseUrl: database.url,
    redisUrl: testRedisUrl,
    queuePrefix: prefix,
    role: "worker",
    poolSize: 4,
    logger: silentLog,
  });
  const { door, queues } = engine;
  const { prisma } = engine.database;
  const owner = await prisma.owner.create({ data: { name: `owner-${prefix}`, webhookSecret: "test-secret" } });

  const row = (id: string): Promise<JobRow> => prisma.job.findUniqueOrThrow({ where: { id } });

  return {
    databaseUrl: database.url,
    prisma,
    pool: engine.database.pool,
    door,
    queues,
    redis: engine.redis,
    prefix,
    startWorker: (env = {}) =>
      startWorker({
        DATABASE_URL: database.url,
        REDIS_URL: testRedisUrl,
        QUEUE_PREFIX: prefix,
        JOBLINE_DEMO_JOBS: "true",
        WORKER_PORT: "0",
        ...env,
      }),
    async submit(type, payload, options = {}) {
      const definition = jobTypes[type as JobType];
      const job = queuedJob(owner.id, {
        type,
        queue: options.queue ?? definition.queue,
        payload,
        maxAttempts: options.maxAttempts ?? definition.defaults.maxAttempts,
        timeoutMs: options.timeoutMs ?? definition.defaults.timeoutMs,
        requestId: options.requestId ?? null,
      });
      // As the API does: row and first event through the door, then the entry named after the row.
      if (options.status !== "cancelled") await door.create([{ jobs: [job] }], (rows) => enqueueJobs(queues, rows));
      else {
        // Cancelled (as the engine cancels: the row, then the entry withdrawn) between the API's insert and its
        // enqueue: the entry is added after the cancel, the row says cancelled.
        const [created] = await door.create([{ jobs: [job] }], async () => undefined);
        const cancelled = await door.transition({ jobId: job.id }, { to: "cancelled", reason: "cancelled by the test" });
        await withdrawEntry(queues, engine.redis, cancelled!, "cancelled by the test");
        if (created?.kind === "created") await enqueueJobs(queues, created.rows);
      }
      return row(job.id);
    },
    row,
    waitForRow: (id, done, what, timeoutMs) =>
      waitFor(
        async () => {
          const current = await row(id);
          return done(current) ? current : undefined;
        },
        what,
        timeoutMs,
      ),
    async teardown() {
      // Processes first (they hold connections to the database about to be dropped); then fail if any leaked.
      const leak = await killLeakedServices().catch((error: unknown) => error);
      await engine.close();
      await database.drop();
      await deleteQueuePrefix(prefix);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what killLeakedServices threw, as it was
      if (leak) throw leak;
    },
  };
}

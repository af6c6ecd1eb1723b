import { createApiKey, type JobDoor, type Pool, type PrismaClient } from "@jobline/db";
import { createEngine } from "@jobline/engine";
import { jobCatalogue, type Scope } from "@jobline/contract";
import { defaultRetention, type JobQueues } from "@jobline/queues";
import { createTestDatabase, deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix, type TestDatabase } from "@jobline/testing";
import type express from "express";
import type { Redis } from "ioredis";
import pino from "pino";
import { createApp, type AppDeps } from "../../src/app";
import { createTokenVerifier, type TokenVerifier } from "../../src/auth/token-verifier";
import { createEventHub, type EventHub } from "../../src/events/event-hub";
import { createOpenStreams, type OpenStreams } from "../../src/events/open-streams";
import { createApiMetrics } from "../../src/http/metrics";
import { createAuthFailures, type AuthFailureSettings } from "../../src/limits/auth-failures";
import { createEdgeLimits, type EdgeLimits, type LimitDefaults } from "../../src/limits/edge-limits";

export const boardCredentials = { username: "operator", password: "correct horse battery" };
export const streamSettings = {
  keepAliveMs: 15_000,
  maxBufferedBytes: 256 * 1024,
  maxStreamsPerOwner: 3,
  maxStreamsPerToken: 3,
  maxStreams: 10_000,
  tokenRecheckMs: 100,
  maxStreamMs: 3600_000,
};
/** The deployment's defaults (RATE_LIMIT_PER_MINUTE, MAX_UNFINISHED_JOBS_PER_OWNER, MAX_SCHEDULES_PER_OWNER). */
/** Generous, so that other test files' deliberate 401s from one address never reach it. */
export const authFailureSettings: AuthFailureSettings = { failuresPerWindow: 100_000, windowSeconds: 60, blockSeconds: 60 };
export const defaultLimits: LimitDefaults = { rateLimitPerMinute: 6000, maxUnfinishedJobs: 100_000, maxSchedules: 100 };

/** The API in-process (for supertest) on a fresh database and queue prefix, with one token per role. */
export interface ApiHarness {
  app: express.Express;
  prisma: PrismaClient;
  /** The pool the hot statements use (Prisma's own). */
  pool: Pool;
  door: JobDoor;
  redis: Redis;
  queues: JobQueues;
  /** The queue (and event channel) prefix of this run. */
  prefix: string;
  hub: EventHub;
  openStreams: OpenStreams;
  /** The app's token verifier (no cache). */
  verifier: TokenVerifier;
  tokens: { writer: string; reader: string; otherOwner: string; admin: string };
  createToken(owner: string, scopes: Scope[]): Promise<{ token: string; apiKeyId: string }>;
  /** Another app on the same services with some dependencies swapped, e.g. a Redis that is down. */
  /** The configuration the app was made with, for variants that change one setting. */
  config: AppDeps["config"];
  variant(overrides: Partial<AppDeps>): express.Express;
  /** Limits on this run's Redis prefix and database with other defaults, for `variant({ limits })`. */
  limitsWith(defaults: LimitDefaults): EdgeLimits;
  close(): Promise<void>;
}

export async function startApiHarness(): Promise<ApiHarness> {
  const db: TestDatabase = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const engine = createEngine({
    databaseUrl: db.url,
    redisUrl: testRedisUrl,
    queuePrefix: prefix,
    role: "api",
    poolSize: 4,
    logger: pino({ level: "silent" }),
  });
  const { database, door, redis, queues } = engine;
  const { prisma, pool } = database;
  const metrics = createApiMetrics({ processMetrics: false });
  door.onChange(metrics.recordChanges);
  const subscriber = redis.duplicate({ autoResubscribe: false, connectionName: "jobline-events" });
  const hub = createEventHub(subscriber, () => undefined);
  const openStreams = createOpenStreams(metrics.openEventStreams, {
    perOwner: streamSettings.maxStreamsPerOwner,
    perToken: streamSettings.maxStreamsPerToken,
    total: streamSettings.maxStreams,
  });
  await Promise.all(
    [redis, subscriber].map((connection) =>
      connection.status === "ready" ? undefined : new Promise((resolve) => connection.once("ready", resolve)),
    ),
  );
  const createToken = async (owner: string, scopes: Scope[]) => {
    const created = await createApiKey(prisma, { owner, scopes });
    return { token: created.token, apiKeyId: created.apiKey.id };
  };
  const limitsWith = (defaults: LimitDefaults) => createEdgeLimits({ redis, pool, prefix, defaults, onRedisError: () => undefined });
  const deps: AppDeps = {
    config: {
      board: boardCredentials,
      bodyLimitBytes: 1024 * 1024,
      enqueueTimeoutMs: 500,
      retention: defaultRetention,
      events: streamSettings,
      webhookAllowPrivateNetworks: true,
      trustProxy: false,
    },
    prisma,
    pool,
    door,
    redis,
    queues,
    catalogue: jobCatalogue({ demoJobs: true }),
    // No cache: tests revoke tokens and expect the next request to see it.
    verifier: createTokenVerifier(pool, 0),
    logger: pino({ level: "silent" }),
    metrics,
    hub,
    openStreams,
    limits: limitsWith(defaultLimits),
    authFailures: createAuthFailures(redis, `${prefix}:limits:auth`, authFailureSettings),
  };
  const tokens = {
    writer: (await createToken("acme", ["jobs:read", "jobs:write"])).token,
    reader: (await createToken("acme", ["jobs:read"])).token,
    otherOwner: (await createToken("globex", ["jobs:read", "jobs:write"])).token,
    admin: (await createToken("ops", ["admin"])).token,
  };
  return {
    app: createApp(deps),
    prisma,
    pool,
    door,
    redis,
    queues,
    prefix,
    hub,
    openStreams,
    verifier: deps.verifier,
    tokens,
    createToken,
    config: deps.config,
    variant: (overrides) => createApp({ ...deps, ...overrides }),
    limitsWith,
    close: async () => {
      openStreams.endAll();
      await hub.close();
      await engine.close();
      await deleteQueuePrefix(prefix);
      await db.drop();
    },
  };
}

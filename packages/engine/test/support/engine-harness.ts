/**
 * The engine on its own: a fresh migrated database, a Redis prefix nobody else uses, `createEngine` over them, and
 * owners and actors to act as, for tests that drive the engine's operations directly.
 */
import type { JobRow } from "@jobline/db";
import { jobCatalogue } from "@jobline/contract";
import { defaultRetention } from "@jobline/queues";
import { silentLog, createTestDatabase, deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from "@jobline/testing";
import { randomUUID } from "node:crypto";
import { createEngine, type Engine } from "../../src/create-engine";
import type { TokenActor } from "../../src/actors/actor";
import { createSubmitWriter } from "../../src/submit/submit-writer";
import { submitJobs, type SubmitDeps } from "../../src/submit/submit-jobs";
import { createUnfinishedJobsCap } from "../../src/submit/unfinished-jobs-cap";

export interface EngineHarness {
  engine: Engine;
  prefix: string;
  /** What the operations take, as the API passes its own. */
  deps: Engine["database"] &
    Pick<Engine, "door" | "redis" | "queues"> &
    SubmitDeps & {
      config: { retention: typeof defaultRetention };
      maxSchedulesPerOwner: number;
    };
  /** A new owner and a token of it acting (an admin's with `admin`). */
  ownerActor(options?: { admin?: boolean }): Promise<TokenActor>;
  /** One job of `actor`'s owner, submitted as the API submits it. */
  submit(actor: TokenActor, job: Record<string, unknown>): Promise<JobRow>;
  close(): Promise<void>;
}

export async function startEngineHarness(): Promise<EngineHarness> {
  const database = await createTestDatabase();
  const prefix = uniqueQueuePrefix();
  const engine = createEngine({
    databaseUrl: database.url,
    redisUrl: testRedisUrl,
    queuePrefix: prefix,
    role: "api",
    poolSize: 4,
    logger: silentLog,
  });
  if (engine.redis.status !== "ready") await new Promise((resolve) => engine.redis.once("ready", resolve));
  const config = { enqueueTimeoutMs: 2000, retention: defaultRetention, webhookAllowPrivateNetworks: true };
  const deps = {
    ...engine.database,
    door: engine.door,
    redis: engine.redis,
    queues: engine.queues,
    catalogue: jobCatalogue({ demoJobs: true }),
    writeSubmission: createSubmitWriter({ door: engine.door, queues: engine.queues, config }),
    cap: createUnfinishedJobsCap({
      redis: engine.redis,
      pool: engine.database.pool,
      keyPrefix: `${prefix}:limits:unfinished`,
      resyncSeconds: 2,
      onRedisError: () => undefined,
    }),
    maxSchedulesPerOwner: 100,
    config,
  };
  return {
    engine,
    prefix,
    deps,
    async ownerActor({ admin = false } = {}) {
      const owner = await engine.database.prisma.owner.create({ data: { name: `owner-${randomUUID()}`, webhookSecret: "test-secret" } });
      return { kind: "token", apiKeyId: randomUUID(), ownerId: owner.id, admin };
    },
    async submit(actor, job) {
      const { rows } = await submitJobs(deps, {
        owner: { id: actor.ownerId, maxUnfinishedJobs: 1000 },
        jobs: [job],
        pathOf: () => [],
        requestId: null,
      });
      return rows[0]!;
    },
    close: async () => {
      await engine.close();
      await deleteQueuePrefix(prefix);
      await database.drop();
    },
  };
}

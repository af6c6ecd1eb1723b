import type { Pool } from "@jobline/db";
import { createOwnersUnfinishedJobsCap, type CountedUnfinishedJobsCap } from "@jobline/engine";
import type { Redis } from "ioredis";
import type { OwnerLimitOverrides } from "../auth/principal";
import { createRequestRate, type RequestRate } from "./request-rate";
import { createSubmitAdmission, type SubmitAdmission } from "./submit-admission";

/** The deployment's defaults; an owner's row may override each (`PATCH /v1/owners/{id}`). */
export interface LimitDefaults {
  rateLimitPerMinute: number;
  maxUnfinishedJobs: number;
  maxSchedules: number;
}

/**
 * Per-owner limits, shared by every API process through Redis: the request rate, counted at the edge, and the cap on
 * unfinished jobs, which the engine's submit reserves room under; a submission takes both in one round trip.
 */
export interface EdgeLimits {
  defaults: LimitDefaults;
  rate: RequestRate;
  cap: CountedUnfinishedJobsCap;
  admission: SubmitAdmission;
}

/** The limits in force for an owner: its own where set, else the deployment's. */
export function effectiveLimits(defaults: LimitDefaults, overrides: OwnerLimitOverrides): LimitDefaults {
  return {
    rateLimitPerMinute: overrides.rateLimitPerMinute ?? defaults.rateLimitPerMinute,
    maxUnfinishedJobs: overrides.maxUnfinishedJobs ?? defaults.maxUnfinishedJobs,
    maxSchedules: overrides.maxSchedules ?? defaults.maxSchedules,
  };
}

/** Keys under `<prefix>:limits:` beside the queues', so a deployment's prefix (and a test's) covers them too. */
export function createEdgeLimits(options: {
  redis: Redis;
  pool: Pool;
  prefix: string;
  defaults: LimitDefaults;
  onRedisError(error: unknown): void;
}): EdgeLimits {
  const rate = createRequestRate(options.redis, `${options.prefix}:limits:rate`);
  const cap = createOwnersUnfinishedJobsCap({
    redis: options.redis,
    pool: options.pool,
    queuePrefix: options.prefix,
    onRedisError: options.onRedisError,
  });
  return {
    defaults: options.defaults,
    rate,
    cap,
    admission: createSubmitAdmission({ redis: options.redis, rate, cap, onRedisError: options.onRedisError }),
  };
}

/**
 * The per-owner cap on jobs not yet finished, checked at submit (a batch counts all its jobs).
 *
 * Why this design: the truth is the rows (`countUnfinishedJobs`), but counting them on every submit would put a
 * count of up to the cap's rows on the hot path. So the count lives in Redis, shared by every API process, under a
 * key that expires every `resyncSeconds`: the first submission after it expired (exactly one, whichever process)
 * adds Postgres's count to the new key; every submission adds its jobs atomically before it is written, and gives them
 * back if it is refused or writes nothing. Nothing has to announce a job's end: jobs that finished, and anything a
 * crashed process left counted, drop out at the next resync. The cap is therefore exact across processes up to
 * `resyncSeconds` of finished jobs still counted (a full owner gets room back within that), and the few submissions in
 * flight while a resync counts. The counting is rate-limiter-flexible's (an INCRBY with expiry in one script).
 *
 * Giving jobs back is ours, not the library's `reward`: that would create a key at minus the jobs when the window
 * they were counted in has expired (a submission slower than `resyncSeconds`, e.g. one waiting out a Redis stall),
 * and the next window would then skip the resync and count from below zero. So a give-back only decrements a key
 * that exists, and never below the Postgres count its window's resync added (kept beside it as the window's floor):
 * a give-back from an expired window can at most take back the room of submissions in flight.
 *
 * If Redis does not answer (counting or resyncing), the cap is not applied (fails open): the submission then needs
 * Redis for its queue entry anyway and fails there (`DependencyDownError`, a 503 at the API).
 */
import { countUnfinishedJobs, type Pool } from "@jobline/db";
import type { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";

export type CapReservation =
  | { reserved: true; /** Gives the jobs back: the submission failed or created nothing. */ release(): Promise<void> }
  | { reserved: false; count: number; retryAfterSeconds: number };

export interface UnfinishedJobsCap {
  /** Counts `jobs` more unfinished jobs for the owner if that stays within `max`. */
  reserve(ownerId: string, max: number, jobs: number): Promise<CapReservation>;
}

/** The owner's count in Redis with a submission's jobs already added, and the milliseconds its window has left. */
export interface CapCount {
  count: number;
  msBeforeNext: number;
}

/**
 * The cap whose count a caller may take itself, in a round trip of its own that does more (the API's submit takes
 * the request rate in the same script): the count must be the library's, an INCRBY of `keyOf(ownerId)` that
 * creates the key with an expiry of `windowSeconds`; `reserveCounted` then decides as `reserve` would have.
 */
export interface CountedUnfinishedJobsCap extends UnfinishedJobsCap {
  readonly windowSeconds: number;
  keyOf(ownerId: string): string;
  reserveCounted(ownerId: string, max: number, jobs: number, counted: CapCount): Promise<CapReservation>;
}

export interface UnfinishedJobsCapOptions {
  redis: Redis;
  pool: Pool;
  keyPrefix: string;
  resyncSeconds: number;
  onRedisError(error: unknown): void;
}

/** Adds the resync's Postgres count to a window that still exists and records it as the window's floor. */
const resyncScript = `
if redis.call('exists', KEYS[1]) == 0 then return false end
local count = redis.call('incrby', KEYS[1], ARGV[1])
redis.call('set', KEYS[2], ARGV[1], 'PX', math.max(redis.call('pttl', KEYS[1]), 1))
return count`;

/** Takes jobs back from a window that still exists, never below its floor. */
const giveBackScript = `
if redis.call('exists', KEYS[1]) == 0 then return false end
local floor = tonumber(redis.call('get', KEYS[2]) or '0')
local count = redis.call('decrby', KEYS[1], ARGV[1])
if count < floor then count = redis.call('incrby', KEYS[1], floor - count) end
return count`;

export function createUnfinishedJobsCap(options: UnfinishedJobsCapOptions): CountedUnfinishedJobsCap {
  // The library only counts here: the cap differs per owner, so the decision is taken below, not by its points.
  const counter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: options.keyPrefix,
    points: Number.MAX_SAFE_INTEGER,
    duration: options.resyncSeconds,
    rejectIfRedisNotReady: true,
  });
  const keysOf = (ownerId: string) => [counter.getKey(ownerId), `${counter.getKey(ownerId)}:floor`] as const;
  const giveBack = (ownerId: string, jobs: number) => async () => {
    await options.redis.eval(giveBackScript, 2, ...keysOf(ownerId), jobs).then(() => undefined, options.onRedisError);
  };
  const reserveCounted = async (ownerId: string, max: number, jobs: number, counted: CapCount): Promise<CapReservation> => {
    const release = giveBack(ownerId, jobs);
    let count = counted.count;
    // The count is exactly these jobs: the key was created by this submission, so its window starts here.
    if (count === jobs) {
      let existing;
      try {
        existing = await countUnfinishedJobs(options.pool, ownerId);
      } catch (error) {
        await release();
        throw error;
      }
      if (existing > 0) {
        try {
          // Null: the window expired meanwhile, and the next submission resyncs a new one.
          count = ((await options.redis.eval(resyncScript, 2, ...keysOf(ownerId), existing)) as number | null) ?? count;
        } catch (error) {
          // Fails open like the count itself; this window then lacks the Postgres count until it expires.
          options.onRedisError(error);
          return { reserved: true, release };
        }
      }
    }
    if (count <= max) return { reserved: true, release };
    await release();
    return { reserved: false, count: count - jobs, retryAfterSeconds: Math.max(1, Math.ceil(counted.msBeforeNext / 1000)) };
  };
  return {
    windowSeconds: options.resyncSeconds,
    keyOf: (ownerId) => counter.getKey(ownerId),
    reserveCounted,
    async reserve(ownerId, max, jobs) {
      let counted;
      try {
        counted = await counter.consume(ownerId, jobs);
      } catch (error) {
        options.onRedisError(error);
        return { reserved: true, release: async () => undefined };
      }
      return reserveCounted(ownerId, max, jobs, { count: counted.consumedPoints, msBeforeNext: counted.msBeforeNext });
    },
  };
}

/** How long the cap's count in Redis lives before it is taken again from Postgres (see above). */
const capResyncSeconds = 2;

/**
 * The deployment's cap, as every process that creates jobs counts it (the API's submissions, the worker's schedule
 * fires): one count per owner under `<queuePrefix>:limits:unfinished`, so a run a schedule made takes room a submission
 * then does not get, and the other way round.
 */
export function createOwnersUnfinishedJobsCap(options: {
  redis: Redis;
  pool: Pool;
  queuePrefix: string;
  onRedisError(error: unknown): void;
}): CountedUnfinishedJobsCap {
  return createUnfinishedJobsCap({
    redis: options.redis,
    pool: options.pool,
    keyPrefix: `${options.queuePrefix}:limits:unfinished`,
    resyncSeconds: capResyncSeconds,
    onRedisError: options.onRedisError,
  });
}

/**
 * The per-owner request rate, counted by rate-limiter-flexible in Redis so every API process shares one count per
 * owner: a fixed window of one minute, one point per authenticated request.
 *
 * If Redis does not answer, each process counts alone in memory (the library's insurance limiter) with the same
 * limit: limits loosen by the number of API processes for as long as Redis is away, but requests are neither refused
 * nor answered with a 500 because of the limiter. (Submissions still answer 503 then: their queue entries need Redis.)
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

const windowSeconds = 60;
/** Distinct limits in use (the default and owners' overrides); a limiter each. Bounded so odd overrides cannot grow it. */
const maxLimiters = 1000;

/** What the `RateLimit-*` headers say, and whether this request is within the limit. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

export interface RequestRate {
  /** Counts one request of the owner against `limitPerMinute`. */
  take(ownerId: string, limitPerMinute: number): Promise<RateDecision>;
  /**
   * The key the owner's count lives under (the library's: `<keyPrefix>:<ownerId>`, created by an INCRBY with an
   * expiry of `windowSeconds`), for a caller that counts a request in a round trip of its own (submit-admission.ts).
   */
  keyOf(ownerId: string): string;
  readonly windowSeconds: number;
}

/** The decision for the request that brought the window's count to `consumed`. */
export function rateDecisionOf(limit: number, consumed: number, msBeforeNext: number): RateDecision {
  const allowed = consumed <= limit;
  return { allowed, limit, remaining: allowed ? limit - consumed : 0, resetSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
}

export function createRequestRate(redis: Redis, keyPrefix: string): RequestRate {
  // The library decides against a fixed number of points per limiter; the count under the key is shared, so an
  // owner whose limit changes keeps its count for the window and is judged against the new limit.
  const limiters = new Map<number, RateLimiterRedis>();
  const limiterFor = (points: number): RateLimiterRedis => {
    let limiter = limiters.get(points);
    if (!limiter) {
      if (limiters.size >= maxLimiters) limiters.clear();
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds }),
      });
      limiters.set(points, limiter);
    }
    return limiter;
  };
  return {
    windowSeconds,
    keyOf: (ownerId) => `${keyPrefix}:${ownerId}`,
    async take(ownerId, limitPerMinute) {
      let counted: RateLimiterRes;
      try {
        counted = await limiterFor(limitPerMinute).consume(ownerId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        counted = rejection;
      }
      return rateDecisionOf(limitPerMinute, counted.consumedPoints, counted.msBeforeNext);
    },
  };
}

/**
 * Failed authentications, counted per key (a client address, a dashboard user name) by rate-limiter-flexible in
 * Redis, so every API process shares one count. After `failuresPerWindow` failures within `windowSeconds` the key is
 * blocked for `blockSeconds`: the edge then refuses its unknown tokens and wrong passwords before looking them up.
 * Only failures are counted and only failures are refused, so a valid credential is never locked out by them.
 *
 * If Redis does not answer, each process counts alone in memory (the library's insurance limiter), as the request
 * rate does.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface AuthFailureSettings {
  failuresPerWindow: number;
  windowSeconds: number;
  blockSeconds: number;
}

export interface AuthFailures {
  /** Seconds the key stays blocked, or 0 when it may still try. */
  blockedSeconds(key: string): Promise<number>;
  /** Counts one failure of the key, blocking it once it has had its allowed failures. */
  fail(key: string): Promise<void>;
}

export function createAuthFailures(redis: Redis, keyPrefix: string, settings: AuthFailureSettings): AuthFailures {
  const options = { keyPrefix, points: settings.failuresPerWindow, duration: settings.windowSeconds };
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
  return {
    async blockedSeconds(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= settings.failuresPerWindow ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
    },
    async fail(key) {
      try {
        const res = await limiter.consume(key);
        if (res.consumedPoints >= settings.failuresPerWindow) await limiter.block(key, settings.blockSeconds);
      } catch (rejection) {
        // Already past the count (a failure raced the block): the key is blocked either way.
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
      }
    },
  };
}

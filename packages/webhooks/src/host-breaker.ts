/**
 * A circuit breaker per receiving host, shared by every sender through one Redis hash per host. Closed, it counts
 * consecutive failed attempts; at `failures` it opens until `openUntil` (now + the cool-down). Once that has passed it
 * is half-open: one attempt at a time (a probe, leased so a dead sender's probe does not block it) goes through; its
 * success closes the breaker, its failure opens it for another cool-down.
 */
import type { Redis } from "ioredis";

// 0: go ahead (closed, or this attempt is the probe); otherwise the time until which the host takes no attempt.
const admitScript = `
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if openUntil == 0 then return 0 end
local now = tonumber(ARGV[1])
if now < openUntil then return openUntil end
local probeUntil = tonumber(redis.call('HGET', KEYS[1], 'probeUntil') or '0')
if probeUntil > now then return probeUntil end
redis.call('HSET', KEYS[1], 'probeUntil', now + tonumber(ARGV[2]))
return 0`;

// A failure while open or half-open (a probe, or an attempt that started before the breaker opened) reopens it.
const failScript = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if failures >= tonumber(ARGV[1]) or openUntil > 0 then
  redis.call('HSET', KEYS[1], 'openUntil', tonumber(ARGV[2]) + tonumber(ARGV[3]), 'failures', 0)
  redis.call('HDEL', KEYS[1], 'probeUntil')
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0`;

/** A host not heard of for this long is forgotten (closed again): its state must not outlive its relevance. */
const forgetAfterMs = 60 * 60 * 1000;

export interface HostBreaker {
  /** null when an attempt at `host` may go now; else the time until which it must wait. */
  admit(host: string, now: number): Promise<number | null>;
  /** Records an attempt's outcome: a healthy answer closes the breaker, a failure counts towards opening it. */
  record(host: string, healthy: boolean, now: number): Promise<void>;
}

export function createHostBreaker(options: {
  redis: Redis;
  keyPrefix: string;
  failures: number;
  coolDownMs: number;
  probeLeaseMs: number;
}): HostBreaker {
  const key = (host: string) => `${options.keyPrefix}:${host}:breaker`;
  return {
    async admit(host, now) {
      const until = Number(await options.redis.eval(admitScript, 1, key(host), now, options.probeLeaseMs));
      return until === 0 ? null : until;
    },
    async record(host, healthy, now) {
      if (healthy) await options.redis.del(key(host));
      else
        await options.redis.eval(failScript, 1, key(host), options.failures, now, options.coolDownMs, forgetAfterMs + options.coolDownMs);
    },
  };
}

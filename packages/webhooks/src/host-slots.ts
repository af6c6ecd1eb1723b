/**
 * Per-host concurrency shared by every sender: a Redis sorted set per host whose members are the deliveries in flight
 * there, scored by when their lease ends. A sender that dies mid-attempt leaves its member behind; the lease lets it
 * go, so a crash cannot shrink a host's slots for good. A delivery that finds no free slot joins the host's waiters
 * (oldest first), and whoever frees a slot hands it the turn, so a fast host's waiters need not poll.
 */
import type { Redis } from "ioredis";

// Drop the leases that ended; take a slot if one is free (0), else wait in line and answer when the soonest lease ends.
const acquireScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[4])
  redis.call('PEXPIREAT', KEYS[2], ARGV[2])
  return tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 0`;

// Free the slot and answer the oldest waiter, if any, now first in line.
const releaseScript = `
redis.call('ZREM', KEYS[1], ARGV[1])
local next = redis.call('ZPOPMIN', KEYS[2])
return next[1] or false`;

export interface HostSlots {
  /** Takes one of `host`'s slots for `deliveryId`: null when taken, else when the soonest lease there ends. */
  acquire(host: string, deliveryId: string, now: number): Promise<number | null>;
  /** Frees the slot; resolves with the delivery that waited longest for one there, if any. */
  release(host: string, deliveryId: string): Promise<string | null>;
}

export function createHostSlots(options: { redis: Redis; keyPrefix: string; perHost: number; leaseMs: number }): HostSlots {
  const keys = (host: string) => [`${options.keyPrefix}:${host}:slots`, `${options.keyPrefix}:${host}:waiting`];
  return {
    async acquire(host, deliveryId, now) {
      const soonestEnd = Number(
        await options.redis.eval(acquireScript, 2, ...keys(host), now, now + options.leaseMs, options.perHost, deliveryId),
      );
      return soonestEnd === 0 ? null : soonestEnd;
    },
    async release(host, deliveryId) {
      return ((await options.redis.eval(releaseScript, 2, ...keys(host), deliveryId)) as string | null) ?? null;
    },
  };
}

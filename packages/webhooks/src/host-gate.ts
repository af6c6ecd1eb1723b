/**
 * Fairness between receivers: an attempt at a host goes only when that host has a free slot (its share of the
 * fleet's senders) and its circuit breaker lets it through. Otherwise the delivery is postponed, without an attempt,
 * so a host that hangs holds at most its own slots until its breaker opens, and none while it is open.
 */
import type { Redis } from "ioredis";
import { createHostBreaker } from "./host-breaker";
import { createHostSlots } from "./host-slots";

/**
 * A delivery that found its host busy is woken when a slot there comes free; it asks again by itself after this long
 * (plus as much jitter) only in case that wake-up missed it (freed before it was back in the delayed set, or the waker
 * died).
 */
const busyHostRecheckMs = 1_000;
/** A slot's lease beyond the attempt's own deadline: the writes around the POST. */
const leaseMarginMs = 5_000;

export interface HostGateSettings {
  /** Attempts in flight at one host (host:port), across every sender. */
  hostConcurrency: number;
  /** Consecutive failed attempts at a host that open its breaker. */
  breakerFailures: number;
  /** How long an open breaker postpones its host's deliveries before a probe is let through. */
  breakerCoolDownMs: number;
  /** The deadline of one attempt. */
  timeoutMs: number;
}

/** Whether an attempt at a host may go now. */
export type Admission = { admitted: true } | { admitted: false; until: number };

export interface HostGate {
  admit(host: string, deliveryId: string): Promise<Admission>;
  /** Frees the attempt's slot and tells the breaker how the host did (null: nothing was sent, the breaker hears nothing). */
  settle(host: string, deliveryId: string, healthy: boolean | null): Promise<void>;
}

export interface HostGateOptions {
  redis: Redis;
  prefix: string;
  settings: HostGateSettings;
  /** Brings a postponed delivery forward: a slot at its host is free. Best effort: it asks again at its time anyway. */
  wake(deliveryId: string): Promise<void>;
}

export function createHostGate(options: HostGateOptions): HostGate {
  const { settings } = options;
  const keyPrefix = `${options.prefix}:webhooks:host`;
  const leaseMs = settings.timeoutMs + leaseMarginMs;
  const slots = createHostSlots({ redis: options.redis, keyPrefix, perHost: settings.hostConcurrency, leaseMs });
  const breaker = createHostBreaker({
    redis: options.redis,
    keyPrefix,
    failures: settings.breakerFailures,
    coolDownMs: settings.breakerCoolDownMs,
    probeLeaseMs: leaseMs,
  });
  const release = async (host: string, deliveryId: string) => {
    const next = await slots.release(host, deliveryId);
    if (next !== null) await options.wake(next).catch(() => undefined);
  };
  return {
    async admit(host, deliveryId) {
      const now = Date.now();
      const soonestFree = await slots.acquire(host, deliveryId, now);
      if (soonestFree !== null) {
        return { admitted: false, until: Math.min(soonestFree, now + busyHostRecheckMs * (1 + Math.random())) };
      }
      const closedAgainAt = await breaker.admit(host, now);
      if (closedAgainAt === null) return { admitted: true };
      await release(host, deliveryId);
      return { admitted: false, until: closedAgainAt };
    },
    async settle(host, deliveryId, healthy) {
      await release(host, deliveryId);
      if (healthy !== null) await breaker.record(host, healthy, Date.now());
    },
  };
}

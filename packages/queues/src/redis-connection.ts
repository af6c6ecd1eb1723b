import { Redis } from "ioredis";

/**
 * ioredis backs off up to 5 s between reconnects, so a Redis back after a few seconds' outage went unnoticed for
 * seconds more (the API answering 503 all the while; measured in the fault suite). Capped at 1 s, with jitter so
 * that many processes do not reconnect in step.
 */
export function reconnectDelay(times: number): number {
  return Math.min(2 ** Math.max(0, times - 1) * 50, 1000) + Math.floor(Math.random() * 100);
}

/** PEM contents for a `rediss://` connection: a CA to trust the server by, and a client certificate with its key. */
export interface RedisTlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * A Redis connection for BullMQ. Workers and blocking connections need `maxRetriesPerRequest: null`
 * (BullMQ retries forever on its own); connections that serve HTTP requests should fail fast instead. Its
 * `duplicate()`s (BullMQ's blocking connections, the subscribers) keep its TLS settings.
 */
export function createRedisConnection(url: string, options: { blocking: boolean; tls?: RedisTlsFiles }): Redis {
  return new Redis(url, {
    ...(options.tls ? { tls: options.tls } : {}),
    maxRetriesPerRequest: options.blocking ? null : 1,
    enableOfflineQueue: options.blocking,
    connectionName: options.blocking ? "jobline-blocking" : "jobline",
    retryStrategy: reconnectDelay,
  });
}

import { Redis } from "ioredis";

/**
 * A Redis connection for BullMQ. Workers and blocking connections need `maxRetriesPerRequest: null`
 * (BullMQ retries forever on its own); connections that serve HTTP requests should fail fast instead.
 */
export function createRedisConnection(url: string, options: { blocking: boolean }): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.blocking ? null : 1,
    enableOfflineQueue: options.blocking,
    connectionName: options.blocking ? "jobline-blocking" : "jobline",
  });
}

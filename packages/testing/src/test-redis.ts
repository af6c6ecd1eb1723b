import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A BullMQ key prefix no other run uses. */
export function uniqueQueuePrefix(): string {
  return `jl-test-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Deletes every key under the prefix, so a run leaves Redis as it found it. */
export async function deleteQueuePrefix(prefix: string, redisUrl = testRedisUrl): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

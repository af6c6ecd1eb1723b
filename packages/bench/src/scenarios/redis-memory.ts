/**
 * Redis memory per queued job: `used_memory` (INFO memory) before and after 10,000 jobs are queued through the
 * batch API with no worker, beside 10,000 raw BullMQ adds of the same name and data. On a private Redis started for
 * this scenario (no persistence), so that nobody else's keys move the figure. Each side first queues one job, so
 * that connections and the queue's own keys exist before the "before".
 */
import { startRedisServer } from "@jobline/testing";
import { Redis } from "ioredis";
import { withCleanup } from "../cleanup";
import { submitBatches, withJobline } from "../jobline";
import { addEach, withRawQueue } from "../raw/raw-queue";
import { noTarget, type Row } from "../result";
import { settings } from "../settings";

async function usedMemory(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info("memory");
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
  } finally {
    redis.disconnect();
  }
}

/** Megabytes that queuing `jobs` added to the server. */
async function growth(redisUrl: string, queue: (count: number) => Promise<unknown>, jobs: number): Promise<number> {
  await queue(1);
  const before = await usedMemory(redisUrl);
  await queue(jobs);
  return ((await usedMemory(redisUrl)) - before) / 2 ** 20;
}

export async function redisMemory(): Promise<Row[]> {
  const jobs = settings.redisMemoryJobs;
  const redis = await startRedisServer({ durable: false });
  return withCleanup(
    () => redis.destroy(),
    async () => {
      const raw = await withRawQueue(({ queue }) => growth(redis.url, (count) => addEach(queue, count), jobs), redis.url);
      const jobline = await withJobline({ apis: 1, redisUrl: redis.url }, (stack) =>
        growth(redis.url, (count) => submitBatches(stack, count), jobs),
      );
      return [
        {
          scenario: `Redis memory per ${jobs.toLocaleString("en-US")} queued jobs`,
          setup: "INFO used_memory after − before, no worker, on a private Redis; Jobline through POST /v1/jobs/batch",
          jobline: { value: jobline, unit: "MB" },
          reference: { value: raw, unit: "MB", what: "raw BullMQ add, same name and data" },
          target: noTarget,
          errors: [],
        },
      ];
    },
  );
}

/**
 * Raw BullMQ, the reference for what Jobline adds on top of its queue: a Queue on its own Redis prefix, and the
 * entry every raw scenario adds. The entry carries the same name, data and kind of id (a uuid) as Jobline's, with
 * BullMQ's default options otherwise (no priority, one attempt): the queue's own cost, not Jobline's choices.
 */
import { randomUUID } from "node:crypto";
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from "@jobline/testing";
import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { withCleanup } from "../cleanup";
import { echoJob } from "../echo-job";

export const rawQueueName = "cpu";

export interface RawEntry {
  name: string;
  data: { type: string; payload: unknown };
  opts: JobsOptions;
}

export function rawEntry(): RawEntry {
  return {
    name: echoJob.type,
    data: { type: echoJob.type, payload: echoJob.payload },
    opts: { jobId: randomUUID(), removeOnComplete: { age: 3600 } },
  };
}

export interface RawQueue {
  queue: Queue;
  prefix: string;
  redisUrl: string;
  /** For a Worker, whose connection must wait for Redis without a retry limit. */
  workerConnection(): Redis;
}

/** Runs `run` with a fresh prefix on `redisUrl`; the prefix's keys and every connection are gone afterwards. */
export async function withRawQueue<T>(run: (raw: RawQueue) => Promise<T>, redisUrl = testRedisUrl): Promise<T> {
  const prefix = uniqueQueuePrefix();
  const connections: Redis[] = [new Redis(redisUrl, { maxRetriesPerRequest: 1 })];
  const queue = new Queue(rawQueueName, { connection: connections[0]!, prefix });
  const stop = async (): Promise<void> => {
    await queue.close().catch(() => undefined);
    for (const connection of connections) connection.disconnect();
    await deleteQueuePrefix(prefix, redisUrl).catch(() => undefined);
  };
  const workerConnection = (): Redis => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };
  return withCleanup(stop, () => run({ queue, prefix, redisUrl, workerConnection }));
}

/** Adds `count` entries in bulks of `size`, `inFlight` bulks at a time; returns their ids. */
export async function addInBulks(queue: Queue, count: number, size = 500, inFlight = 4): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const entries = Array.from({ length: Math.min(size, count - next) }, rawEntry);
      next += entries.length;
      await queue.addBulk(entries);
      ids.push(...entries.map((entry) => entry.opts.jobId!));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return ids;
}

/** Adds `count` entries one `add` at a time, `inFlight` at once. */
export async function addEach(queue: Queue, count: number, inFlight = 50): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const entry = rawEntry();
      await queue.add(entry.name, entry.data, entry.opts);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

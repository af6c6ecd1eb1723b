/**
 * A raw BullMQ Worker with a trivial processor (it returns the payload), as its own process, like Jobline's worker:
 * the reference for end-to-end latency, so that adding and working do not share one event loop. Reads its
 * environment once, here: REDIS_URL, QUEUE_PREFIX, CONCURRENCY.
 */
import { Worker } from "bullmq";
import { Redis } from "ioredis";

const env = {
  redisUrl: process.env.REDIS_URL ?? "",
  prefix: process.env.QUEUE_PREFIX ?? "",
  concurrency: Number(process.env.CONCURRENCY ?? 1),
};

const connection = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
const worker = new Worker("cpu", async (job) => job.data.payload, { connection, prefix: env.prefix, concurrency: env.concurrency });

void worker.waitUntilReady().then(() => console.log("raw worker ready"));

process.once("SIGTERM", () => {
  void worker.close().finally(() => {
    connection.disconnect();
    process.exit(0);
  });
});

import { randomUUID } from "node:crypto";
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from "@jobline/testing";
import { Worker } from "bullmq";
import { bullPriority, createJobQueues, createRedisConnection, joblinePriority, type JobQueues } from "../src";

/*
 * Why every entry carries a BullMQ priority, the default (0) included: measured against BullMQ itself, an entry
 * without one is taken before every prioritised entry, whatever the order they were added in.
 */
const prefix = uniqueQueuePrefix();
const redis = createRedisConnection(testRedisUrl, { blocking: true });
let queues: JobQueues;
let taker: Worker;

beforeAll(() => {
  queues = createJobQueues(redis, prefix);
  // No processor: entries are taken one at a time with getNextJob, in the order BullMQ hands them out.
  taker = new Worker("cpu", null, { connection: redis, prefix, autorun: false });
});
afterAll(async () => {
  await taker.close();
  await queues.close();
  redis.disconnect();
  await deleteQueuePrefix(prefix);
});

async function takeOrder(count: number): Promise<string[]> {
  const taken: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const job = await taker.getNextJob(`token-${i}`, { block: false });
    if (job) taken.push(job.name);
  }
  return taken;
}

test("an entry without a priority is taken before prioritised ones added earlier, so Jobline's default cannot be left unset", async () => {
  await queues.work.cpu.add("urgent", { type: "demo.echo" }, { jobId: randomUUID(), priority: bullPriority(90) });
  await queues.work.cpu.add("default-unset", { type: "demo.echo" }, { jobId: randomUUID() });

  expect(await takeOrder(2)).toEqual(["default-unset", "urgent"]);
});

test("with every entry prioritised, the default (0) waits behind a higher priority added later", async () => {
  await queues.work.cpu.add("default", { type: "demo.echo" }, { jobId: randomUUID(), priority: bullPriority(0) });
  await queues.work.cpu.add("urgent", { type: "demo.echo" }, { jobId: randomUUID(), priority: bullPriority(90) });

  expect(await takeOrder(2)).toEqual(["urgent", "default"]);
});

test("the priority a dashboard shows is Jobline's own number", () => {
  for (const priority of [0, 1, 50, 100]) expect(joblinePriority(bullPriority(priority))).toBe(priority);
});

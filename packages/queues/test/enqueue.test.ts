import { randomUUID } from "node:crypto";
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from "@jobline/testing";
import {
  bullPriority,
  createJobQueues,
  createRedisConnection,
  enqueueJob,
  maxSnapshotPayloadBytes,
  QueueUnavailableError,
  readStartSnapshot,
  withinLimit,
  type EnqueueableJob,
  type JobQueues,
} from "../src";

const prefix = uniqueQueuePrefix();
const redis = createRedisConnection(testRedisUrl, { blocking: false });
let queues: JobQueues;

beforeAll(() => {
  queues = createJobQueues(redis, prefix);
});
afterAll(async () => {
  await queues.close();
  redis.disconnect();
  await deleteQueuePrefix(prefix);
});

const job = (overrides: Partial<EnqueueableJob> = {}): EnqueueableJob => ({
  id: randomUUID(),
  type: "demo.echo",
  queue: "cpu",
  priority: 0,
  maxAttempts: 3,
  runAt: null,
  ...overrides,
});

test("higher Jobline priority maps to a BullMQ priority that runs sooner", () => {
  expect(bullPriority(100)).toBeLessThan(bullPriority(0));
  expect(bullPriority(100)).toBeGreaterThanOrEqual(1);
});

test("an entry given only the routing fields is named after its row and carries its type only", async () => {
  const row = job();
  await enqueueJob(queues, row);

  const entry = await queues.work.cpu.getJob(row.id);

  expect(entry?.data).toEqual({ type: "demo.echo" });
  expect(entry?.opts).toMatchObject({ attempts: 3, backoff: { type: "jobline" } });
});

const queuedRow = (overrides: Partial<EnqueueableJob> = {}): EnqueueableJob =>
  job({
    status: "queued",
    payload: { message: "hello" },
    timeoutMs: 30_000,
    requestId: "req-1",
    updatedAt: new Date("2026-12-07T10:00:00.123Z"),
    ...overrides,
  });

test("a queued row's entry carries its start snapshot: payload, time limit, request id and the row's updatedAt", async () => {
  const row = queuedRow();
  await enqueueJob(queues, row);

  const entry = await queues.work.cpu.getJob(row.id);

  expect(entry?.data).toEqual({
    type: "demo.echo",
    start: { payload: { message: "hello" }, timeoutMs: 30_000, requestId: "req-1", rowUpdatedAt: "2026-12-07T10:00:00.123Z" },
  });
  expect(readStartSnapshot(entry!.data)?.rowUpdatedAt).toBe("2026-12-07T10:00:00.123Z");
});

test("a scheduled row's entry has no snapshot: its row may move (a promote) while the entry waits", async () => {
  const row = queuedRow({ status: "scheduled", runAt: new Date(Date.now() + 60_000) });
  await enqueueJob(queues, row);

  expect((await queues.work.cpu.getJob(row.id))?.data).toEqual({ type: "demo.echo" });
});

test("a payload over the snapshot limit stays in the row only", async () => {
  const row = queuedRow({ payload: { message: "x".repeat(maxSnapshotPayloadBytes) } });
  await enqueueJob(queues, row);

  expect((await queues.work.cpu.getJob(row.id))?.data).toEqual({ type: "demo.echo" });
});

test("a malformed snapshot read back from an entry counts as none", () => {
  expect(readStartSnapshot({ start: { payload: {}, timeoutMs: "soon", requestId: null, rowUpdatedAt: "yesterday" } })).toBeUndefined();
  expect(readStartSnapshot({})).toBeUndefined();
});

test("enqueueing the same row twice leaves one entry", async () => {
  const row = job();
  await enqueueJob(queues, row);
  await enqueueJob(queues, { ...row, priority: 7 });

  // The second add was ignored: the entry keeps the first one's options.
  expect((await queues.work.cpu.getJob(row.id))?.opts.priority).toBe(bullPriority(0));
  const prioritized = await queues.work.cpu.getJobs(["prioritized"]);
  expect(prioritized.filter((entry) => entry.id === row.id)).toHaveLength(1);
});

test("a row due later becomes a delayed entry", async () => {
  const row = job({ runAt: new Date(Date.now() + 60_000) });
  await enqueueJob(queues, row);

  expect(await queues.work.cpu.getJobState(row.id)).toBe("delayed");
});

test("higher priority entries come out first", async () => {
  const gpuPrefixQueues = queues.work.gpu;
  const low = job({ queue: "gpu", priority: 0 });
  const high = job({ queue: "gpu", priority: 90 });
  await enqueueJob(queues, low);
  await enqueueJob(queues, high);

  const waiting = await gpuPrefixQueues.getJobs(["prioritized"], 0, -1, true);

  expect(waiting.map((entry) => entry.id)).toEqual([high.id, low.id]);
});

test("withinLimit gives up with QueueUnavailableError when Redis does not answer in time", async () => {
  const never = new Promise<never>(() => {});

  await expect(withinLimit(never, 20)).rejects.toBeInstanceOf(QueueUnavailableError);
  await expect(withinLimit(Promise.resolve(7), 20)).resolves.toBe(7);
});

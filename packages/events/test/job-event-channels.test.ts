/** The publisher of job events on real Redis: what it sends, and what it holds while its connection is away. */
import { randomUUID } from "node:crypto";
import { testRedisUrl, waitFor } from "@jobline/testing";
import { Redis } from "ioredis";
import {
  changePublisher,
  jobEventChannel,
  ownerEventChannel,
  parseJobEventMessages,
  type PublishableChange,
} from "../src/job-event-channels";

const prefix = `jl-test-events-${process.pid}`;
let publisherConnection: Redis;
let subscriber: Redis;
const received: Array<{ channel: string; id: string }> = [];
/** How many PUBLISHes each channel got. */
const publishes = new Map<string, number>();

beforeAll(async () => {
  publisherConnection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  subscriber = new Redis(testRedisUrl);
  subscriber.on("pmessage", (_pattern, channel, text) => {
    publishes.set(channel, (publishes.get(channel) ?? 0) + 1);
    for (const message of parseJobEventMessages(text)) received.push({ channel, id: message.event.id });
  });
  await subscriber.psubscribe(`${prefix}:events:*`);
});

afterAll(() => {
  publisherConnection.disconnect();
  subscriber.disconnect();
});

let seq = 0;
function change(jobId: string, ownerId = "owner-1"): PublishableChange {
  seq += 1;
  return {
    seq: String(seq),
    jobId,
    ownerId,
    type: "demo.echo",
    event: "status",
    status: "completed",
    attempt: 1,
    progress: 100,
    error: null,
    at: new Date(),
  };
}

test("publishes each change on its job's and its owner's channel", async () => {
  const jobId = randomUUID();
  const done = change(jobId);
  changePublisher(publisherConnection, prefix, (error) => {
    throw error;
  })([done]);
  await waitFor(async () => (received.filter((message) => message.id === done.seq).length === 2 ? true : undefined), "both messages");
  expect(
    received
      .filter((message) => message.id === done.seq)
      .map((message) => message.channel)
      .sort(),
  ).toEqual([jobEventChannel(prefix, jobId), ownerEventChannel(prefix, "owner-1")].sort());
});

test("a set of creations is one publish on its owner's channel, and none on the jobs' channels", async () => {
  const ownerId = `owner-${randomUUID()}`;
  const created = Array.from({ length: 50 }, () => ({
    ...change(randomUUID(), ownerId),
    event: "created" as const,
    status: "queued" as const,
    attempt: 0,
    progress: 0,
  }));
  changePublisher(publisherConnection, prefix, (error) => {
    throw error;
  })(created);
  const channel = ownerEventChannel(prefix, ownerId);
  await waitFor(
    async () => (received.filter((message) => message.channel === channel).length === 50 ? true : undefined),
    "the owner's messages",
  );
  expect(received.filter((message) => message.channel === channel).map((message) => message.id)).toEqual(created.map((one) => one.seq));
  expect(publishes.get(channel)).toBe(1);
  expect(created.some((one) => publishes.has(jobEventChannel(prefix, one.jobId)))).toBe(false);
});

test("holds what is announced while its connection is away and sends it, in order, once it is back", async () => {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    const publish = changePublisher(connection, prefix, () => undefined);
    const jobId = randomUUID();
    const changes = [change(jobId), change(jobId), change(jobId)];
    for (const one of changes) publish([one]);

    await connection.connect();
    const onJob = () => received.filter((message) => message.channel === jobEventChannel(prefix, jobId)).map((message) => message.id);
    await waitFor(async () => (onJob().length === 3 ? true : undefined), "the held messages");
    expect(onJob()).toEqual(changes.map((one) => one.seq));
  } finally {
    connection.disconnect();
  }
});

test("holds at most the newest messages and says how many it dropped", async () => {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  const errors: unknown[] = [];
  try {
    const publish = changePublisher(connection, prefix, (error) => errors.push(error), 4);
    const jobId = randomUUID();
    const changes = [change(jobId), change(jobId), change(jobId)];
    for (const one of changes) publish([one]); // six publishes: two channels each

    await connection.connect();
    const onJob = () => received.filter((message) => message.channel === jobEventChannel(prefix, jobId)).map((message) => message.id);
    await waitFor(async () => (onJob().length === 2 ? true : undefined), "the newest held messages");
    expect(onJob()).toEqual([changes[1]!.seq, changes[2]!.seq]);
    expect(String(errors[0])).toMatch(/2 job event publishes were dropped/);
  } finally {
    connection.disconnect();
  }
});

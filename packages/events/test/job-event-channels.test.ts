/** The publisher of job events on real Redis: what it sends, and what it holds while its connection is away. */
import { randomUUID } from "node:crypto";
import { testRedisUrl, waitFor } from "@jobline/testing";
import { Redis } from "ioredis";
import { changePublisher, ownerEventChannel, parseJobEventMessages, type PublishableChange } from "../src/job-event-channels";

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

test("publishes each change once, on its owner's channel", async () => {
  const ownerId = `owner-${randomUUID()}`;
  const done = change(randomUUID(), ownerId);
  changePublisher(publisherConnection, prefix, (error) => {
    throw error;
  })([done]);
  await waitFor(async () => (received.some((message) => message.id === done.seq) ? true : undefined), "the message");
  expect(received.filter((message) => message.id === done.seq).map((message) => message.channel)).toEqual([
    ownerEventChannel(prefix, ownerId),
  ]);
});

test("a set of changes is one publish per owner, in the set's order", async () => {
  const [first, second] = [`owner-${randomUUID()}`, `owner-${randomUUID()}`];
  const changes = Array.from({ length: 50 }, (_, index) => change(randomUUID(), index % 2 === 0 ? first : second));
  changePublisher(publisherConnection, prefix, (error) => {
    throw error;
  })(changes);
  const onChannel = (ownerId: string) =>
    received.filter((message) => message.channel === ownerEventChannel(prefix, ownerId)).map((message) => message.id);
  await waitFor(async () => (onChannel(first).length + onChannel(second).length === 50 ? true : undefined), "the owners' messages");
  expect(onChannel(first)).toEqual(changes.filter((one) => one.ownerId === first).map((one) => one.seq));
  expect(onChannel(second)).toEqual(changes.filter((one) => one.ownerId === second).map((one) => one.seq));
  expect([publishes.get(ownerEventChannel(prefix, first)), publishes.get(ownerEventChannel(prefix, second))]).toEqual([1, 1]);
});

test("holds what is announced while its connection is away and sends it, in order, once it is back", async () => {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    const publish = changePublisher(connection, prefix, () => undefined);
    const ownerId = `owner-${randomUUID()}`;
    const changes = [change(randomUUID(), ownerId), change(randomUUID(), ownerId), change(randomUUID(), ownerId)];
    for (const one of changes) publish([one]);

    await connection.connect();
    const onOwner = () => received.filter((message) => message.channel === ownerEventChannel(prefix, ownerId)).map((message) => message.id);
    await waitFor(async () => (onOwner().length === 3 ? true : undefined), "the held messages");
    expect(onOwner()).toEqual(changes.map((one) => one.seq));
  } finally {
    connection.disconnect();
  }
});

test("holds at most the newest messages and says how many it dropped", async () => {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  const errors: unknown[] = [];
  try {
    const publish = changePublisher(connection, prefix, (error) => errors.push(error), 2);
    const ownerId = `owner-${randomUUID()}`;
    const changes = [
      change(randomUUID(), ownerId),
      change(randomUUID(), ownerId),
      change(randomUUID(), ownerId),
      change(randomUUID(), ownerId),
    ];
    for (const one of changes) publish([one]); // four publishes, two over the limit

    await connection.connect();
    const onOwner = () => received.filter((message) => message.channel === ownerEventChannel(prefix, ownerId)).map((message) => message.id);
    await waitFor(async () => (onOwner().length === 2 ? true : undefined), "the newest held messages");
    expect(onOwner()).toEqual([changes[2]!.seq, changes[3]!.seq]);
    expect(String(errors[0])).toMatch(/2 job event publishes were dropped/);
  } finally {
    connection.disconnect();
  }
});

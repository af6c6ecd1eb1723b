/** The publisher of job events on real Redis: what it sends, and what it holds while its connection is away. */
import { randomUUID } from "node:crypto";
import { testRedisUrl, waitFor } from "@jobline/testing";
import { Redis } from "ioredis";
import { changePublisher, jobEventChannel, ownerEventChannel, parseJobEventMessage, type PublishableChange } from "../src/job-event-channels";

const prefix = `jl-test-events-${process.pid}`;
let publisherConnection: Redis;
let subscriber: Redis;
const received: Array<{ channel: string; id: string }> = [];

beforeAll(async () => {
  publisherConnection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  subscriber = new Redis(testRedisUrl);
  subscriber.on("pmessage", (_pattern, channel, text) => {
    const message = parseJobEventMessage(text);
    if (message) received.push({ channel, id: message.event.id });
  });
  await subscriber.psubscribe(`${prefix}:events:*`);
});

afterAll(() => {
  publisherConnection.disconnect();
  subscriber.disconnect();
});

let seq = 0;
function change(jobId: string): PublishableChange {
  seq += 1;
  return { seq: String(seq), jobId, ownerId: "owner-1", type: "demo.echo", event: "status", status: "completed", attempt: 1, progress: 100, error: null, at: new Date() };
}

test("publishes each change on its job's and its owner's channel", async () => {
  const jobId = randomUUID();
  const done = change(jobId);
  changePublisher(publisherConnection, prefix, (error) => {
    throw error;
  })([done]);
  await waitFor(async () => (received.filter((message) => message.id === done.seq).length === 2 ? true : undefined), "both messages");
  expect(received.filter((message) => message.id === done.seq).map((message) => message.channel).sort()).toEqual(
    [jobEventChannel(prefix, jobId), ownerEventChannel(prefix, "owner-1")].sort(),
  );
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
    for (const one of changes) publish([one]); // six messages: two channels each

    await connection.connect();
    const onJob = () => received.filter((message) => message.channel === jobEventChannel(prefix, jobId)).map((message) => message.id);
    await waitFor(async () => (onJob().length === 2 ? true : undefined), "the newest held messages");
    expect(onJob()).toEqual([changes[1]!.seq, changes[2]!.seq]);
    expect(String(errors[0])).toMatch(/2 job event messages were dropped/);
  } finally {
    connection.disconnect();
  }
});

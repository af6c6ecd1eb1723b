/**
 * Events across real processes: two API processes and a worker (the built apps). A job's stream opened on one API
 * and resumed on the other after a dropped connection reads as one stream: ids strictly increasing, no repeats,
 * every stored status event of the job, ending with the terminal one.
 */
import { startStack, type Stack } from "@jobline/testing";
import { openEventStream, type EventStream } from "./support/sse-client";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ apis: 2, workers: 1 });
}, 90_000);

afterAll(() => stack?.teardown(), 60_000);

const auth = () => ({ authorization: `Bearer ${stack.token}` });

async function submit(base: string, body: unknown): Promise<string> {
  const res = await fetch(`${base}/v1/jobs`, {
    method: "POST",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

test("a stream dropped mid-job and resumed on another API process misses nothing and repeats nothing", async () => {
  const [first, second] = stack.apis.map((api) => api.baseUrl);
  const jobId = await submit(first!, { type: "demo.sleep", payload: { ms: 3000 } });

  const before = await openEventStream(`${first}/v1/jobs/${jobId}/events`, auth());
  await before.until((s) => s.events.some((e) => e.type === "job.progress"), "a progress event on API #1");
  before.close();
  const resumed: EventStream = await openEventStream(`${second}/v1/jobs/${jobId}/events`, {
    ...auth(),
    "last-event-id": before.ids.at(-1)!,
  });
  await resumed.ended;

  const all = [...before.events, ...resumed.events];
  const ids = all.map((e) => BigInt(e.id));
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  expect(all.at(-1)).toMatchObject({ type: "job.completed", status: "completed" });
  const timeline = (await (await fetch(`${second}/v1/jobs/${jobId}/events?limit=100`, { headers: auth() })).json()) as {
    data: { id: string }[];
  };
  expect(all.filter((e) => e.type !== "job.progress")).toEqual(timeline.data);
}, 30_000);

test("the owner's stream delivers an event the worker committed", async () => {
  const [first, second] = stack.apis.map((api) => api.baseUrl);
  const firehose = await openEventStream(`${first}/v1/events`, auth());
  // Submitted through the other API: only the worker's events can reach this stream through Redis from elsewhere.
  const jobId = await submit(second!, { type: "demo.echo", payload: { hello: "events" } });

  await firehose.until((s) => s.events.some((e) => e.jobId === jobId && e.type === "job.completed"), "the worker's job.completed");
  firehose.close();
}, 30_000);

test("an API process told to stop ends its open streams promptly", async () => {
  const api = await stack.startApi();
  const jobId = await submit(api.baseUrl, { type: "demo.sleep", payload: { ms: 20_000 } });
  const open = await openEventStream(`${api.baseUrl}/v1/jobs/${jobId}/events`, auth());
  await open.until((s) => s.events.length > 0, "the replay");

  const stopped = api.service.stop("SIGTERM", 5000);
  await open.ended;

  expect(await stopped).toBe(0);
}, 30_000);

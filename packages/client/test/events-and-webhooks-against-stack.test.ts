import { killLeakedServices, startStack, startWebhookReceiver, type Stack, type WebhookReceiver } from "@jobline/testing";
import { createJobline, signatureHeader, verifyWebhook, type Jobline, type JobEvent } from "../src";

let stack: Stack;
let jobline: Jobline;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [stack, receiver] = await Promise.all([startStack({ apis: 1, workers: 1 }), startWebhookReceiver()]);
  jobline = createJobline({ baseUrl: stack.baseUrl(), token: stack.token });
});

afterAll(async () => {
  await Promise.all([stack?.teardown(), receiver?.close()]);
  await killLeakedServices();
});

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const all: JobEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const statusChanges = (events: JobEvent[]) => events.filter((event) => event.type !== "job.progress");

test("events streams a job's changes in order and ends with its terminal event", async () => {
  const job = await jobline.jobs.create("demo.sleep", { ms: 300 });

  const events = await collect(jobline.jobs.events(job.id));

  expect(events[0]).toMatchObject({ jobId: job.id, type: "job.queued" });
  expect(events.at(-1)).toMatchObject({ type: "job.completed", status: "completed" });
  expect(events.map((event) => BigInt(event.id))).toEqual(events.map((event) => BigInt(event.id)).sort((a, b) => (a < b ? -1 : 1)));
});

test("events with lastEventId resumes after that event", async () => {
  const job = await jobline.jobs.wait(await jobline.jobs.create("demo.echo", { n: 1 }), { timeoutMs: 30_000 });
  const all = statusChanges(await collect(jobline.jobs.events(job.id)));

  const resumed = statusChanges(await collect(jobline.jobs.events(job.id, { lastEventId: all[0]!.id })));

  expect(resumed).toEqual(all.slice(1));
});

test("a stream dropped mid-way is resumed with Last-Event-ID, without gaps or repeats", async () => {
  const lastEventIds: (string | null)[] = [];
  // The first stream is cut right after its first event, as a restarting proxy would.
  const dropping = createJobline({
    baseUrl: stack.baseUrl(),
    token: stack.token,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).endsWith("/events")) return response;
      lastEventIds.push(new Headers(init?.headers).get("Last-Event-ID"));
      if (lastEventIds.length > 1) return response;
      const text = await response.text().catch(() => "");
      const first = text.slice(0, text.indexOf("\n\n") + 2);
      return new Response(first, { status: response.status, headers: response.headers });
    },
  });
  const job = await jobline.jobs.wait(await jobline.jobs.create("demo.echo", { n: 2 }), { timeoutMs: 30_000 });
  const expected = statusChanges(await collect(jobline.jobs.events(job.id)));

  const events = statusChanges(await collect(dropping.jobs.events(job.id)));

  expect(events).toEqual(expected);
  expect(lastEventIds).toEqual([null, expected[0]!.id]);
});

test("a job's webhook carries a signature that verifies with the owner's secret, and its delivery is logged", async () => {
  const { secret } = await jobline.webhookSecret.get();
  const job = await jobline.jobs.create("demo.echo", { hook: true }, { callbackUrl: receiver.url("/hook") });

  const [delivery] = await receiver.waitForRequests("/hook", 1, 30_000);

  expect(JSON.parse(delivery!.body)).toMatchObject({ event: "job.completed", job: { id: job.id } });
  const header = delivery!.headers[signatureHeader.toLowerCase()] as string;
  await expect(verifyWebhook(delivery!.body, header, secret)).resolves.toBe(true);
  await expect(verifyWebhook(delivery!.body, header, `${secret}x`)).resolves.toBe(false);
  await expect(verifyWebhook(`${delivery!.body} `, header, secret)).resolves.toBe(false);
  expect((await jobline.jobs.deliveries(job.id))[0]).toMatchObject({ event: "job.completed", url: receiver.url("/hook") });
});

test("rotating the webhook secret answers a new one", async () => {
  const before = await jobline.webhookSecret.get();

  const after = await jobline.webhookSecret.rotate();

  expect(after.secret).toMatch(/^whsec_/);
  expect(after.secret).not.toBe(before.secret);
  expect((await jobline.webhookSecret.get()).secret).toBe(after.secret);
});

test("events.all streams the owner's events after lastEventId, across jobs", async () => {
  const job = await jobline.jobs.wait(await jobline.jobs.create("demo.echo", { firehose: true }), { timeoutMs: 30_000 });
  const [queued] = await collect(jobline.jobs.events(job.id));
  const seen: JobEvent[] = [];

  for await (const event of jobline.events.all({ lastEventId: (BigInt(queued!.id) - 1n).toString() })) {
    seen.push(event);
    if (event.jobId === job.id && event.type === "job.completed") break;
  }

  expect(statusChanges(seen.filter((event) => event.jobId === job.id))).toEqual(statusChanges(await collect(jobline.jobs.events(job.id))));
});

test("a stream the API ends at its longest lifetime is resumed without losing or repeating an event", async () => {
  const short = await stack.startApi({ EVENTS_MAX_STREAM_SECONDS: "1" });
  let connections = 0;
  const client = createJobline({
    baseUrl: short.baseUrl,
    token: stack.token,
    fetch: (input, init) => {
      connections++;
      return fetch(input, init);
    },
  });
  const job = await jobline.jobs.create("demo.sleep", { ms: 2500 });

  const events = statusChanges(await collect(client.jobs.events(job.id)));

  expect(connections).toBeGreaterThan(1);
  expect(events).toEqual(statusChanges(await collect(jobline.jobs.events(job.id))));
  expect(events.at(-1)).toMatchObject({ type: "job.completed" });
});

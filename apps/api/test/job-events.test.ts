/**
 * Job events over the API in-process: the stored timeline as JSON, and streams fed through real Redis pub/sub by the
 * door's publisher. Jobs are moved through the door here, as the worker would move them.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createJobDoor, type JobDoor } from "@jobline/db";
import { waitFor } from "@jobline/testing";
import request from "supertest";
import { createOpenStreams } from "../src/events/open-streams";
import { createApiMetrics } from "../src/http/metrics";
import { startApiHarness, streamSettings, type ApiHarness } from "./support/api-harness";
import { openEventStream, type EventStream } from "./support/sse-client";

let h: ApiHarness;
let server: Server;
let baseUrl: string;
const streams: EventStream[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  server = h.app.listen(0);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await h.close();
  await new Promise((resolve) => server.close(resolve));
});

const auth = (token = h.tokens.writer) => ({ authorization: `Bearer ${token}` });

async function submitted(): Promise<string> {
  const res = await request(h.app)
    .post("/v1/jobs")
    .set(auth())
    .send({ type: "demo.sleep", payload: { ms: 1000 } });
  expect(res.status).toBe(202);
  return res.body.id as string;
}

async function stream(path: string, headers: Record<string, string> = {}, base = baseUrl): Promise<EventStream> {
  const opened = await openEventStream(`${base}${path}`, { ...auth(), ...headers });
  streams.push(opened);
  return opened;
}

const move = async (door: JobDoor, jobId: string, to: "running" | "completed" | "cancelled") => {
  const transition = to === "running" ? { to } : to === "completed" ? { to, attempt: 1, result: { sleptMs: 1 } } : { to, reason: "test" };
  expect(await door.transition({ jobId }, transition)).not.toBeNull();
};

const types = (s: EventStream) => s.events.map((e) => e.type);

test("the JSON timeline lists the stored events oldest first, in pages", async () => {
  const jobId = await submitted();
  await move(h.door, jobId, "running");
  await move(h.door, jobId, "completed");

  const all = await request(h.app).get(`/v1/jobs/${jobId}/events`).set(auth(h.tokens.reader));
  expect(all.status).toBe(200);
  expect(all.body.data.map((e: { type: string }) => e.type)).toEqual(["job.queued", "job.started", "job.completed"]);
  expect(all.body.data[2]).toMatchObject({ jobId, status: "completed", attempt: 1, progress: 100, error: null });
  expect(all.body.nextCursor).toBeNull();

  const first = await request(h.app).get(`/v1/jobs/${jobId}/events?limit=2`).set(auth());
  const rest = await request(h.app).get(`/v1/jobs/${jobId}/events?limit=2&cursor=${first.body.nextCursor}`).set(auth());
  expect([...first.body.data, ...rest.body.data]).toEqual(all.body.data);
  expect(rest.body.nextCursor).toBeNull();
});

test("another owner's job answers 404, as JSON and as a stream", async () => {
  const jobId = await submitted();
  const json = await request(h.app).get(`/v1/jobs/${jobId}/events`).set(auth(h.tokens.otherOwner));
  const sse = await stream(`/v1/jobs/${jobId}/events`, auth(h.tokens.otherOwner));

  expect(json.status).toBe(404);
  expect(sse.status).toBe(404);
  expect(sse.headers.get("content-type")).toMatch(/application\/problem\+json/);
});

test("a stream replays what happened, then sends live events up to the terminal one and ends", async () => {
  const jobId = await submitted();
  const sse = await stream(`/v1/jobs/${jobId}/events`);
  expect(sse.status).toBe(200);
  expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(sse.headers.get("cache-control")).toBe("no-cache");
  expect(sse.headers.get("x-accel-buffering")).toBe("no");
  await sse.until((s) => s.events.length === 1, "the replayed job.queued");

  await move(h.door, jobId, "running");
  await h.door.progress(jobId, 40);
  await move(h.door, jobId, "completed");
  await sse.ended;

  expect(types(sse)).toEqual(["job.queued", "job.started", "job.progress", "job.completed"]);
  expect(sse.events[2]).toMatchObject({ progress: 40, status: "running" });
});

test("a job's stream sends its own job's events only, while the owner's other jobs move", async () => {
  const [jobId, otherId] = [await submitted(), await submitted()];
  const sse = await stream(`/v1/jobs/${jobId}/events`);
  await sse.until((s) => s.events.length === 1, "the replayed job.queued");

  await move(h.door, otherId, "running");
  await move(h.door, otherId, "completed");
  await move(h.door, jobId, "cancelled");
  await sse.ended;

  expect(sse.events.map((event) => [event.jobId, event.type])).toEqual([
    [jobId, "job.queued"],
    [jobId, "job.cancelled"],
  ]);
});

test("resuming with Last-Event-ID sends what followed it, nothing before, with the latest progress in its place", async () => {
  const jobId = await submitted();
  await move(h.door, jobId, "running");
  await h.door.progress(jobId, 20);
  await h.door.progress(jobId, 60);
  const timeline = (await request(h.app).get(`/v1/jobs/${jobId}/events`).set(auth())).body.data as { id: string }[];

  const resumed = await stream(`/v1/jobs/${jobId}/events`, { "last-event-id": timeline[0]!.id });
  await resumed.until((s) => s.events.length === 2, "the start and the latest progress");
  const byQuery = await stream(`/v1/jobs/${jobId}/events?lastEventId=${timeline[1]!.id}`);
  await byQuery.until((s) => s.events.length === 1, "the latest progress");

  expect(resumed.events.map((e) => [e.type, e.progress])).toEqual([
    ["job.started", null],
    ["job.progress", 60],
  ]);
  expect(byQuery.events).toEqual([resumed.events[1]]);
});

test("an already finished job replays and ends; resumed after its terminal event it ends at once", async () => {
  const jobId = await submitted();
  await move(h.door, jobId, "cancelled");

  const replay = await stream(`/v1/jobs/${jobId}/events`);
  await replay.ended;
  const after = await stream(`/v1/jobs/${jobId}/events`, { "last-event-id": replay.events.at(-1)!.id });
  await after.ended;

  expect(types(replay)).toEqual(["job.queued", "job.cancelled"]);
  expect(after.events).toEqual([]);
});

test("a live event whose predecessors never arrived is preceded by them, read from Postgres", async () => {
  const jobId = await submitted();
  const sse = await stream(`/v1/jobs/${jobId}/events`);
  await sse.until((s) => s.events.length === 1, "job.queued");
  // A door with no publisher: its start is committed but never announced across processes.
  const silent = createJobDoor({ pool: h.pool, asyncCommitPool: h.pool });
  await move(silent, jobId, "running");

  await h.door.progress(jobId, 10);
  await sse.until((s) => s.events.length === 3, "the start, then the progress");

  expect(types(sse)).toEqual(["job.queued", "job.started", "job.progress"]);
  expect(sse.ids.map(BigInt)).toEqual([...sse.ids.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));
});

test("a malformed Last-Event-ID answers 422", async () => {
  const jobId = await submitted();
  const res = await request(h.app)
    .get(`/v1/jobs/${jobId}/events`)
    .set(auth())
    .set("accept", "text/event-stream")
    .set("last-event-id", "abc");
  expect(res.status).toBe(422);
});

test("a client that goes away leaves no subscription and no open stream behind", async () => {
  const before = h.hub.subscriptionCount();
  const jobId = await submitted();
  const sse = await stream(`/v1/jobs/${jobId}/events`);
  const all = await stream(`/v1/events`, auth(h.tokens.admin));
  await sse.until((s) => s.events.length === 1, "job.queued");
  expect(h.hub.subscriptionCount()).toBe(before + 2);
  expect(h.openStreams.size).toBe(2);

  sse.close();
  all.close();

  await waitFor(async () => h.hub.subscriptionCount() === before && h.openStreams.size === 0, "the subscriptions to go", 5000);
});

test("an owner at its bound of open streams gets a 429 with Retry-After; another owner does not; closing one frees a place", async () => {
  const held = [];
  for (let i = 0; i < streamSettings.maxStreamsPerOwner; i++) held.push(await stream(`/v1/events`));
  expect(held.every((s) => s.status === 200)).toBe(true);

  const refused = await request(h.app).get("/v1/events").set(auth()).set("accept", "text/event-stream");
  expect(refused.status).toBe(429);
  expect(refused.body.type).toBe("/problems/too-many-streams");
  expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  expect((await stream(`/v1/events`, auth(h.tokens.otherOwner))).status).toBe(200);

  held[0]!.close();
  await waitFor(async () => h.openStreams.size === streamSettings.maxStreamsPerOwner, "the closed stream to be let go", 5000);
  expect((await stream(`/v1/events`)).status).toBe(200);
});

test("one token holds at most its own bound of streams, leaving the rest of its owner's to the owner's other tokens", async () => {
  const openStreams = createOpenStreams(createApiMetrics({ processMetrics: false }).openEventStreams, {
    perOwner: 3,
    perToken: 2,
    total: 10_000,
  });
  const server = h.variant({ openStreams }).listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const held = [await stream(`/v1/events`, auth(h.tokens.reader), base), await stream(`/v1/events`, auth(h.tokens.reader), base)];
    expect(held.map((s) => s.status)).toEqual([200, 200]);

    const refused = await stream(`/v1/events`, auth(h.tokens.reader), base);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await stream(`/v1/events`, auth(h.tokens.writer), base)).status).toBe(200);
  } finally {
    openStreams.endAll();
    server.close();
  }
});

test("an event id beyond the largest there can be answers 422, not 500", async () => {
  const jobId = await submitted();
  const tooLarge = "9999999999999999999";
  const cursor = Buffer.from(tooLarge).toString("base64url");
  expect((await request(h.app).get(`/v1/jobs/${jobId}/events?cursor=${cursor}`).set(auth())).status).toBe(422);
  expect(
    (await request(h.app).get(`/v1/jobs/${jobId}/events`).set(auth()).set("accept", "text/event-stream").set("last-event-id", tooLarge))
      .status,
  ).toBe(422);
});

test("ending every open stream (shutdown) closes them for their clients", async () => {
  const jobId = await submitted();
  const sse = await stream(`/v1/jobs/${jobId}/events`);
  await sse.until((s) => s.events.length === 1, "job.queued");

  h.openStreams.endAll();

  await sse.ended;
  expect(h.openStreams.size).toBe(0);
});

test("the owner's stream sends live events of the owner's jobs only, filtered by type", async () => {
  const mine = await stream(`/v1/events`);
  const echoes = await stream(`/v1/events?type=demo.echo`);
  const theirs = await stream(`/v1/events`, auth(h.tokens.otherOwner));
  const everyone = await stream(`/v1/events`, auth(h.tokens.admin));
  await waitFor(async () => h.openStreams.size === 4 && h.hub.subscriptionCount() >= 3, "the streams to subscribe", 5000);

  const jobId = await submitted();
  await mine.until((s) => s.events.some((e) => e.jobId === jobId), "the owner's job.queued");
  await everyone.until((s) => s.events.some((e) => e.jobId === jobId), "the admin's job.queued");

  expect(mine.events.filter((e) => e.jobId === jobId).map((e) => e.type)).toEqual(["job.queued"]);
  expect(theirs.events.filter((e) => e.jobId === jobId)).toEqual([]);
  expect(echoes.events.filter((e) => e.jobId === jobId)).toEqual([]);
});

test("the owner's stream resumed with Last-Event-ID replays the owner's stored events after it", async () => {
  const first = await submitted();
  const firstId = (await request(h.app).get(`/v1/jobs/${first}/events`).set(auth())).body.data[0].id as string;
  const second = await submitted();

  const resumed = await stream(`/v1/events`, { "last-event-id": firstId });
  await resumed.until((s) => s.events.some((e) => e.jobId === second), "the second job's job.queued");

  expect(resumed.events.some((e) => e.jobId === first)).toBe(false);
});

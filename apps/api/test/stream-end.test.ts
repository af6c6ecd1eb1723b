/**
 * A stream lives no longer than its token, nor than the longest a stream may last: it ends with a final `end`
 * event saying why. The token is checked again every `tokenRecheckMs` (100 ms here) against Postgres.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiKey, revokeApiKey } from "@jobline/db";
import request from "supertest";
import { startApiHarness, streamSettings, type ApiHarness } from "./support/api-harness";
import { openEventStream, type EventStream } from "./support/sse-client";

let h: ApiHarness;
const servers: Server[] = [];
const streams: EventStream[] = [];

beforeAll(async () => {
  h = await startApiHarness();
});

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await h.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

function listen(app = h.app): string {
  const server = app.listen(0);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stream(url: string, token: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const opened = await openEventStream(url, { authorization: `Bearer ${token}`, ...headers });
  streams.push(opened);
  return opened;
}

async function submitted(token: string): Promise<string> {
  const res = await request(h.app)
    .post("/v1/jobs")
    .set({ authorization: `Bearer ${token}` })
    .send({ type: "demo.sleep", payload: { ms: 1000 } });
  expect(res.status).toBe(202);
  return res.body.id as string;
}

test("the owner's stream ends with token-invalid once its token is revoked", async () => {
  const { token, apiKey } = await createApiKey(h.prisma, { owner: "acme", scopes: ["jobs:read", "jobs:write"] });
  const sse = await stream(`${listen()}/v1/events`, token);
  const jobId = await submitted(token);
  await sse.until((s) => s.events.some((e) => e.jobId === jobId), "the job's job.queued");

  await revokeApiKey(h.prisma, apiKey.id);
  await sse.ended;

  expect(sse.endReason).toBe("token-invalid");
});

test("a job's stream ends with token-invalid once its token expires", async () => {
  const writer = h.tokens.writer;
  const jobId = await submitted(writer);
  const { token } = await createApiKey(h.prisma, { owner: "acme", scopes: ["jobs:read"], expiresAt: new Date(Date.now() + 1500) });
  const sse = await stream(`${listen()}/v1/jobs/${jobId}/events`, token);
  await sse.until((s) => s.events.length === 1, "the replayed job.queued");

  await sse.ended;

  expect(sse.endReason).toBe("token-invalid");
  expect(sse.events.map((e) => e.type)).toEqual(["job.queued"]);
});

test("a stream past its longest lifetime ends with max-lifetime; resumed with Last-Event-ID it goes on where it stopped", async () => {
  const short = h.variant({ config: { ...h.config, events: { ...streamSettings, maxStreamMs: 300 } } });
  const url = listen(short);
  const jobId = await submitted(h.tokens.writer);
  const first = await stream(`${url}/v1/jobs/${jobId}/events`, h.tokens.writer);
  await first.ended;
  expect(first.endReason).toBe("max-lifetime");
  expect(first.events.map((e) => e.type)).toEqual(["job.queued"]);

  await h.door.transition({ jobId }, { to: "running" });
  const resumed = await stream(`${url}/v1/jobs/${jobId}/events`, h.tokens.writer, { "last-event-id": first.ids.at(-1)! });
  await resumed.until((s) => s.events.length === 1, "the start");

  expect(resumed.events.map((e) => e.type)).toEqual(["job.started"]);
});

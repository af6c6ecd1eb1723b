/**
 * Request ids and the request log, in-process: every answer carries an `X-Request-Id` (the caller's when it is sane,
 * else a new one), the API writes one JSON line per request with it, and a submitted job's row keeps it for the
 * worker's lines.
 */
import { Writable } from "node:stream";
import type express from "express";
import pino from "pino";
import request from "supertest";
import { boardCredentials, startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The app with a logger whose lines the test reads, parsed. */
function loggedApp(level: "info" | "debug"): { app: express.Express; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { app: h.variant({ logger: pino({ level }, sink) }), lines };
}

/** The request line with this id; the line is written when the answer is done, which may be just after supertest has it. */
async function requestLine(lines: Array<Record<string, unknown>>, requestId: string): Promise<Record<string, unknown>> {
  for (let tries = 0; tries < 100; tries += 1) {
    const line = lines.find((entry) => entry.msg === "request" && entry.requestId === requestId);
    if (line) return line;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no request line for ${requestId} among ${JSON.stringify(lines)}`);
}

describe("X-Request-Id", () => {
  test("an answer to a request without one carries a new id", async () => {
    const res = await request(h.app).get("/healthz");

    expect(res.headers["x-request-id"]).toMatch(uuid);
  });

  test("the caller's id comes back as sent", async () => {
    const res = await request(h.app)
      .get("/v1/jobs?limit=1")
      .set("Authorization", `Bearer ${h.tokens.reader}`)
      .set("X-Request-Id", "edge-7f3a:trace.42");

    expect(res.headers["x-request-id"]).toBe("edge-7f3a:trace.42");
  });

  test.each([
    ["that is longer than 128 characters", "a".repeat(129)],
    ["with spaces", "drop table jobs"],
    ["made of two headers joined", "one, two"],
    ["with a quote and braces", '{"x":1}'],
  ])("an id %s is replaced by a new one", async (_what, offered) => {
    const res = await request(h.app).get("/healthz").set("X-Request-Id", offered);

    expect(res.headers["x-request-id"]).toMatch(uuid);
  });

  test("error answers carry it too: 401, 404, 405", async () => {
    const unauthenticated = await request(h.app).get("/v1/jobs").set("X-Request-Id", "r-401");
    const unknown = await request(h.app).get("/nowhere").set("X-Request-Id", "r-404");
    const wrongMethod = await request(h.app)
      .delete("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("X-Request-Id", "r-405");

    expect([unauthenticated.status, unknown.status, wrongMethod.status]).toEqual([401, 404, 405]);
    expect([unauthenticated, unknown, wrongMethod].map((res) => res.headers["x-request-id"])).toEqual(["r-401", "r-404", "r-405"]);
  });

  test("a submitted job's row keeps the id of the request that submitted it", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("X-Request-Id", "submit-req-1")
      .send({ type: "demo.echo", payload: {} });

    expect(res.status).toBe(202);
    const row = await h.prisma.job.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.requestId).toBe("submit-req-1");
  });

  test("every job of a batch keeps the batch request's id", async () => {
    const res = await request(h.app)
      .post("/v1/jobs/batch")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("X-Request-Id", "batch-req-1")
      .send({
        jobs: [
          { type: "demo.echo", payload: {} },
          { type: "demo.echo", payload: {} },
        ],
      });

    const rows = await h.prisma.job.findMany({ where: { id: { in: res.body.data.map((job: { id: string }) => job.id) } } });
    expect(rows.map((row) => row.requestId)).toEqual(["batch-req-1", "batch-req-1"]);
  });
});

describe("the request log", () => {
  test("one JSON line per request: method, route pattern, status, duration, request id and owner", async () => {
    const { app, lines } = loggedApp("info");
    const owner = await h.prisma.apiKey.findFirstOrThrow({ where: { owner: { name: "acme" } }, select: { ownerId: true } });

    await request(app)
      .get("/v1/jobs/00000000-0000-4000-8000-000000000000")
      .set("Authorization", `Bearer ${h.tokens.reader}`)
      .set("X-Request-Id", "log-1");

    const line = await requestLine(lines, "log-1");
    expect(line).toMatchObject({ level: 30, method: "GET", route: "/v1/jobs/:id", status: 404, ownerId: owner.ownerId });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(lines.filter((entry) => entry.requestId === "log-1")).toHaveLength(1);
  });

  test("a request that never authenticated is logged without an owner", async () => {
    const { app, lines } = loggedApp("info");

    await request(app).get("/v1/jobs").set("Authorization", "Bearer jl_not-a-token").set("X-Request-Id", "log-anon");

    expect(await requestLine(lines, "log-anon")).toMatchObject({ status: 401, route: "unmatched", ownerId: null });
  });

  test("neither the token nor the payload is written at info", async () => {
    const { app, lines } = loggedApp("info");

    await request(app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("X-Request-Id", "log-secret")
      .send({ type: "demo.echo", payload: { card: "4111-1111-1111-1111" } });

    await requestLine(lines, "log-secret");
    const written = JSON.stringify(lines);
    expect(written).not.toContain(h.tokens.writer);
    expect(written).not.toContain("4111-1111-1111-1111");
  });

  test("at debug the line carries the request body, still without the token", async () => {
    const { app, lines } = loggedApp("debug");

    await request(app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("X-Request-Id", "log-debug")
      .send({ type: "demo.echo", payload: { note: "visible at debug" } });

    expect(await requestLine(lines, "log-debug")).toMatchObject({
      status: 202,
      body: { type: "demo.echo", payload: { note: "visible at debug" } },
    });
    expect(JSON.stringify(lines)).not.toContain(h.tokens.writer);
  });

  test.each([
    ["Swagger UI's", "/docs/assets/swagger-ui-bundle.js"],
    ["the dashboard's", "/admin/queues/static/favicon.ico"],
  ])("a request for %s static files is logged at debug, not info", async (_whose, path) => {
    const atDebug = loggedApp("debug");
    const atInfo = loggedApp("info");

    for (const { app } of [atDebug, atInfo]) {
      const res = await request(app).get(path).auth(boardCredentials.username, boardCredentials.password).set("X-Request-Id", "log-asset");
      expect(res.status).toBe(200);
    }

    expect(await requestLine(atDebug.lines, "log-asset")).toMatchObject({ level: 20, status: 200 });
    expect(atInfo.lines.filter((entry) => entry.requestId === "log-asset")).toEqual([]);
  });
});

import { JobResourceSchema } from "@jobline/contract";
import request from "supertest";
import { startApiHarness, streamSettings, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const submit = (body: unknown, token = h.tokens.writer) =>
  request(h.app)
    .post("/v1/jobs")
    .set("Authorization", `Bearer ${token}`)
    .send(body as object);

describe("POST /v1/jobs", () => {
  test("answers 202 with the job and its Location, records the row and enqueues an entry named after it", async () => {
    const res = await submit({ type: "demo.echo", payload: { hello: "world" }, metadata: { source: "test" } });

    expect(res.status).toBe(202);
    const job = JobResourceSchema.parse(res.body);
    expect(res.headers.location).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({
      type: "demo.echo",
      queue: "cpu",
      status: "queued",
      payload: { hello: "world" },
      attempts: 0,
      maxAttempts: 3,
      metadata: { source: "test" },
    });
    const row = await h.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("queued");
    const entry = await h.queues.work.cpu.getJob(job.id);
    // Named after the row, with the row's start snapshot: its first attempt starts without reading the row.
    expect(entry?.data).toEqual({
      type: "demo.echo",
      start: { payload: { hello: "world" }, timeoutMs: row.timeoutMs, requestId: row.requestId, rowUpdatedAt: row.updatedAt.toISOString() },
    });
    expect(entry?.opts.attempts).toBe(3);
  });

  test("routes a job to the queue its type is registered on", async () => {
    const res = await submit({ type: "demo.gpu-echo", payload: {} });

    expect(res.body.queue).toBe("gpu");
    expect(await h.queues.work.gpu.getJob(res.body.id)).toBeDefined();
    expect(await h.queues.work.cpu.getJob(res.body.id)).toBeUndefined();
  });

  test("a job with runAt in the future is scheduled and delayed in its queue", async () => {
    const runAt = new Date(Date.now() + 60_000).toISOString();
    const res = await submit({ type: "demo.echo", payload: {}, runAt });

    expect(res.status).toBe(202);
    expect(res.body.status).toBe("scheduled");
    expect(res.body.runAt).toBe(runAt);
    expect(await h.queues.work.cpu.getJobState(res.body.id)).toBe("delayed");
  });

  test("per-job maxAttempts and timeoutMs override the type's defaults", async () => {
    const res = await submit({ type: "demo.sleep", payload: { ms: 10 }, maxAttempts: 5, timeoutMs: 2000, priority: 7 });

    expect(res.body).toMatchObject({ maxAttempts: 5, timeoutMs: 2000, priority: 7 });
  });

  test("without maxAttempts and timeoutMs the row and entry carry the type's defaults (the worker times out by the row)", async () => {
    const res = await submit({ type: "demo.fail", payload: { failTimes: 0 } });

    expect(res.body).toMatchObject({ maxAttempts: 3, timeoutMs: 60_000 });
    expect(await h.prisma.job.findUniqueOrThrow({ where: { id: res.body.id } })).toMatchObject({ maxAttempts: 3, timeoutMs: 60_000 });
    expect((await h.queues.work.cpu.getJob(res.body.id))?.opts.attempts).toBe(3);
  });

  test("the entry leaves Redis after the configured retention ages", async () => {
    const config = {
      board: null,
      bodyLimitBytes: 1024 * 1024,
      enqueueTimeoutMs: 500,
      retention: { completedAgeSeconds: 60, failedAgeSeconds: 120 },
      events: streamSettings,
      webhookAllowPrivateNetworks: true,
      trustProxy: false as const,
    };
    const res = await request(h.variant({ config }))
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({ type: "demo.echo", payload: {} });

    const entry = await h.queues.work.cpu.getJob(res.body.id);
    expect(entry?.opts).toMatchObject({ removeOnComplete: { age: 60 }, removeOnFail: { age: 120 } });
  });

  test("an unknown job type is a 422 that names the known types", async () => {
    const res = await submit({ type: "video.transcode", payload: {} });

    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.errors[0].path).toBe("type");
    expect(res.body.errors[0].message).toContain("report.generate");
    expect(res.body.errors[0].message).toContain("demo.echo");
  });

  test("a payload that fails its type's schema is a 422 with the payload path", async () => {
    const res = await submit({ type: "demo.sleep", payload: { ms: "soon" } });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: "/problems/validation", status: 422 });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "payload.ms" })]);
  });

  test.each([
    [{ type: "demo.echo", maxAttempts: 0 }, "maxAttempts"],
    [{ type: "demo.echo", maxAttempts: 1000 }, "maxAttempts"],
    [{ type: "demo.echo", timeoutMs: 1 }, "timeoutMs"],
    [{ type: "demo.echo", priority: -1 }, "priority"],
    [{ type: "demo.echo", runAt: "tomorrow" }, "runAt"],
    [{ type: "demo.echo", runAt: new Date().toISOString(), delayMs: 10 }, "runAt"],
    [{ type: "demo.echo", callbackUrl: "ftp://example.com/x" }, "callbackUrl"],
    [{ type: "demo.echo", colour: "blue" }, ""],
    [{ payload: {} }, "type"],
  ])("bad options %j are a 422 at %s", async (body, path) => {
    const res = await submit(body);

    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  test.each([
    ["a payload value", { type: "demo.echo", payload: { note: "a\u0000b" } }, "payload.note"],
    ["a payload key", { type: "demo.echo", payload: { "k\u0000": 1 } }, "payload.k\u0000"],
    ["a metadata value", { type: "demo.echo", metadata: { note: "\u0000" } }, "metadata.note"],
    ["the callbackUrl", { type: "demo.echo", callbackUrl: "https://example.com/\u0000" }, "callbackUrl"],
  ])("a NUL character in %s, which Postgres cannot store, is a 422 with its path, not a 500", async (_where, body, path) => {
    const before = await h.prisma.job.count();

    const res = await submit(body);

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path, message: expect.stringContaining("NUL") }]);
    expect(await h.prisma.job.count()).toBe(before);
  });

  test("a body that is not JSON is a 415", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .type("text/plain")
      .send("type=demo.echo");

    expect(res.status).toBe(415);
    expect(res.body.type).toBe("/problems/unsupported-media-type");
  });

  test("JSON in a charset other than UTF-8 is a 415 problem", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("Content-Type", "application/json; charset=iso-8859-1")
      .send('{"type":"demo.echo"}');

    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ type: "/problems/unsupported-media-type", status: 415, detail: expect.stringContaining("charset") });
  });

  test("malformed JSON is a 400 problem, without a stack trace", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .type("application/json")
      .send('{"type": ');

    expect(res.status).toBe(400);
    expect(res.body.type).toBe("/problems/malformed-request");
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  test("a body over the limit is a 413", async () => {
    const res = await submit({ type: "demo.echo", payload: { blob: "x".repeat(1024 * 1024 + 10) } });

    expect(res.status).toBe(413);
    expect(res.body.type).toBe("/problems/payload-too-large");
  });

  test("a payload over the per-job limit is a 413 even inside the body limit", async () => {
    const res = await submit({ type: "demo.echo", payload: { blob: "x".repeat(300 * 1024) } });

    expect(res.status).toBe(413);
    expect(res.body.detail).toContain("payload");
  });

  test("when Redis is down the API answers 503 and keeps no row for the job", async () => {
    const { createJobQueues, createRedisConnection } = await import("@jobline/queues");
    const deadRedis = createRedisConnection("redis://127.0.0.1:1", { blocking: false });
    deadRedis.on("error", () => undefined);
    const deadQueues = createJobQueues(deadRedis, "unused");
    const before = await h.prisma.job.count();
    try {
      const res = await request(h.variant({ queues: deadQueues, redis: deadRedis }))
        .post("/v1/jobs")
        .set("Authorization", `Bearer ${h.tokens.writer}`)
        .send({ type: "demo.echo", payload: {} });

      expect(res.status).toBe(503);
      expect(res.body.type).toBe("/problems/dependency-unavailable");
      expect(res.headers["retry-after"]).toBe("2");
      expect(await h.prisma.job.count()).toBe(before);
    } finally {
      await deadQueues.close();
      deadRedis.disconnect();
    }
  });
});

describe("POST /v1/jobs/batch", () => {
  test("answers 202 with every job, in the order sent", async () => {
    const res = await request(h.app)
      .post("/v1/jobs/batch")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({
        jobs: [
          { type: "demo.echo", payload: { n: 1 } },
          { type: "demo.gpu-echo", payload: { n: 2 } },
          { type: "demo.echo", payload: { n: 3 } },
        ],
      });

    expect(res.status).toBe(202);
    expect(res.body.data.map((j: { payload: { n: number } }) => j.payload.n)).toEqual([1, 2, 3]);
    expect(res.body.data.map((j: { queue: string }) => j.queue)).toEqual(["cpu", "gpu", "cpu"]);
  });

  test("one invalid item rejects the whole batch with its path, and nothing is recorded", async () => {
    const before = await h.prisma.job.count();
    const res = await request(h.app)
      .post("/v1/jobs/batch")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({
        jobs: [
          { type: "demo.echo", payload: {} },
          { type: "demo.sleep", payload: { ms: -5 } },
        ],
      });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "jobs.1.payload.ms" })]);
    expect(await h.prisma.job.count()).toBe(before);
  });

  test("more than 500 jobs is a 422", async () => {
    const jobs = Array.from({ length: 501 }, () => ({ type: "demo.echo" }));
    const res = await request(h.app).post("/v1/jobs/batch").set("Authorization", `Bearer ${h.tokens.writer}`).send({ jobs });

    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe("jobs");
  });
});

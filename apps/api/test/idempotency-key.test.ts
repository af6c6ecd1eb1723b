/** `Idempotency-Key` on POST /v1/jobs and /v1/jobs/batch: one job per key and body, per owner, for 24 h. */
import { JobResourceSchema } from "@jobline/contract";
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

let counter = 0;
const freshKey = (): string => `key-${process.pid}-${(counter += 1)}`;

const post = (path: string, body: unknown, key: string | undefined, token = h.tokens.writer) => {
  const req = request(h.app).post(path).set("Authorization", `Bearer ${token}`);
  return (key === undefined ? req : req.set("Idempotency-Key", key)).send(body as object);
};
const submit = (body: unknown, key: string | undefined, token?: string) => post("/v1/jobs", body, key, token);

describe("POST /v1/jobs with Idempotency-Key", () => {
  test("the same key and body answer 200 with the first job; only one job exists", async () => {
    const key = freshKey();
    const first = await submit({ type: "demo.echo", payload: { n: 1 } }, key);
    const again = await submit({ type: "demo.echo", payload: { n: 1 } }, key);

    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.location).toBe(`/v1/jobs/${first.body.id}`);
    expect(JobResourceSchema.parse(again.body).idempotencyKey).toBe(key);
    expect(await h.prisma.job.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  test("key order inside the body does not make a different request", async () => {
    const key = freshKey();
    const first = await submit({ type: "demo.echo", payload: { a: 1, b: { c: 2, d: 3 } } }, key);
    const again = await submit({ payload: { b: { d: 3, c: 2 }, a: 1 }, type: "demo.echo" }, key);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body.id).toBe(first.body.id);
  });

  test("the same key with a different body is a 409, and creates nothing", async () => {
    const key = freshKey();
    await submit({ type: "demo.echo", payload: { n: 1 } }, key);
    const other = await submit({ type: "demo.echo", payload: { n: 2 } }, key);

    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ type: "/problems/idempotency-key-reused", status: 409 });
    expect(await h.prisma.job.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  test("keys belong to one owner: another owner's same key is a new job", async () => {
    const key = freshKey();
    const mine = await submit({ type: "demo.echo", payload: {} }, key);
    const theirs = await submit({ type: "demo.echo", payload: {} }, key, h.tokens.otherOwner);
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  test("ten concurrent duplicates create exactly one job; every answer names it", async () => {
    const key = freshKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => submit({ type: "demo.echo", payload: { race: true } }, key)));

    expect(answers.map((res) => res.status).sort((a, b) => a - b)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
    expect(await h.prisma.job.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await h.queues.work.cpu.getJob(answers[0]!.body.id)).toBeDefined();
  });

  test("a key older than 24 h counts as new and its record is replaced", async () => {
    const key = freshKey();
    const old = await submit({ type: "demo.echo", payload: { n: 1 } }, key);
    await h.prisma.idempotencyKey.updateMany({ where: { key }, data: { createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) } });

    // Even with another body: the old request is forgotten.
    const fresh = await submit({ type: "demo.echo", payload: { n: 2 } }, key);
    const repeat = await submit({ type: "demo.echo", payload: { n: 2 } }, key);

    expect(fresh.status).toBe(202);
    expect(fresh.body.id).not.toBe(old.body.id);
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(fresh.body.id);
    expect(await h.prisma.idempotencyKey.findMany({ where: { key } })).toEqual([expect.objectContaining({ jobIds: [fresh.body.id] })]);
  });

  test.each([
    ["empty", ""],
    ["longer than 255 characters", "k".repeat(256)],
  ])("a key that is %s is a 422 on the header", async (_what, key) => {
    const res = await submit({ type: "demo.echo", payload: {} }, key);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
  });

  test("a key of 255 characters is fine; without a key every request is a new job", async () => {
    expect((await submit({ type: "demo.echo", payload: {} }, "k".repeat(255))).status).toBe(202);
    const [a, b] = [
      await submit({ type: "demo.echo", payload: {} }, undefined),
      await submit({ type: "demo.echo", payload: {} }, undefined),
    ];
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.idempotencyKey).toBeNull();
  });

  test("when Redis refuses the entry the key is released, so the client's retry creates the job", async () => {
    const { createJobQueues, createRedisConnection } = await import("@jobline/queues");
    const deadRedis = createRedisConnection("redis://127.0.0.1:1", { blocking: false });
    deadRedis.on("error", () => undefined);
    const deadQueues = createJobQueues(deadRedis, "unused");
    const key = freshKey();
    try {
      const failed = await request(h.variant({ queues: deadQueues, redis: deadRedis }))
        .post("/v1/jobs")
        .set("Authorization", `Bearer ${h.tokens.writer}`)
        .set("Idempotency-Key", key)
        .send({ type: "demo.echo", payload: {} });
      expect(failed.status).toBe(503);
    } finally {
      await deadQueues.close();
      deadRedis.disconnect();
    }
    const retried = await submit({ type: "demo.echo", payload: {} }, key);
    expect(retried.status).toBe(202);
  });
});

describe("a duplicate of a request still writing its queue entries", () => {
  // The first request's claim is committed before its entries are written; `admitted_at` marks it enqueued.
  const unmark = (key: string, createdAt = new Date()) =>
    h.prisma.idempotencyKey.updateMany({ where: { key }, data: { admittedAt: null, createdAt } });

  test("waits until the first request's claim is marked enqueued, then answers with its job", async () => {
    const key = freshKey();
    const first = await submit({ type: "demo.echo", payload: { wait: 1 } }, key);
    await unmark(key);

    const duplicate = submit({ type: "demo.echo", payload: { wait: 1 } }, key).then((res) => ({ res, at: Date.now() }));
    // Nothing outside the request shows that it is waiting: give it time to find the unmarked claim.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const markedAt = Date.now();
    await h.prisma.idempotencyKey.updateMany({ where: { key }, data: { admittedAt: new Date() } });

    const { res, at } = await duplicate;
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first.body.id);
    expect(at).toBeGreaterThanOrEqual(markedAt);
  });

  test("answers 409 when the first request is taken back meanwhile (its entries were refused)", async () => {
    const key = freshKey();
    const first = await submit({ type: "demo.echo", payload: { gone: 1 } }, key);
    await unmark(key);

    const duplicate = submit({ type: "demo.echo", payload: { gone: 1 } }, key).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await h.prisma.$transaction([
      h.prisma.job.deleteMany({ where: { id: first.body.id } }),
      h.prisma.idempotencyKey.deleteMany({ where: { key } }),
    ]);

    const res = await duplicate;
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("did not complete");
  });

  test("a claim left unmarked past the time enqueueing may take counts as enqueued", async () => {
    const key = freshKey();
    const first = await submit({ type: "demo.echo", payload: { old: 1 } }, key);
    await unmark(key, new Date(Date.now() - 10_000));

    const res = await submit({ type: "demo.echo", payload: { old: 1 } }, key);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first.body.id);
  });
});

describe("POST /v1/jobs/batch with Idempotency-Key", () => {
  const batch = {
    jobs: [
      { type: "demo.echo", payload: { i: 0 } },
      { type: "demo.gpu-echo", payload: {} },
      { type: "demo.echo", payload: { i: 2 } },
    ],
  };

  test("a repeated batch answers 200 with the first batch's jobs, in order, and creates none", async () => {
    const key = freshKey();
    const first = await post("/v1/jobs/batch", batch, key);
    const again = await post("/v1/jobs/batch", batch, key);

    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body.data.map((job: { id: string }) => job.id)).toEqual(first.body.data.map((job: { id: string }) => job.id));
    expect(first.body.data.every((job: { idempotencyKey: string }) => job.idempotencyKey === key)).toBe(true);
    expect(await h.prisma.job.count({ where: { idempotencyKey: key } })).toBe(3);
  });

  test("a different batch, or the same key on POST /v1/jobs, is a 409", async () => {
    const key = freshKey();
    await post("/v1/jobs/batch", batch, key);
    expect((await post("/v1/jobs/batch", { jobs: batch.jobs.slice(1) }, key)).status).toBe(409);
    expect((await submit(batch.jobs[0], key)).status).toBe(409);
  });
});

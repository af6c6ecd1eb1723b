/**
 * Group commit on submit: requests that arrive together are written by one statement and one addBulk per queue,
 * yet each gets its own answer, and one request's trouble (a reused Idempotency-Key, Redis refusing) is its own.
 */
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
let creates = 0;

beforeAll(async () => {
  h = await startApiHarness();
  // Counts the statements that create jobs (the writer's one named statement).
  const query = h.pool.query.bind(h.pool) as (...args: unknown[]) => unknown;
  (h.pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    if ((args[0] as { name?: string }).name === "jobline.create-jobs") creates += 1;
    return query(...args);
  };
});
afterAll(() => h.close());

const submit = (body: unknown, key?: string) => {
  const req = request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`);
  return (key ? req.set("Idempotency-Key", key) : req).send(body as object);
};

test("a burst of submissions is written in fewer statements than requests, each answered with its own job", async () => {
  const before = creates;
  const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => submit({ type: "demo.echo", payload: { n } })));

  expect(answers.map((res) => res.status)).toEqual(answers.map(() => 202));
  expect(answers.map((res) => res.body.payload.n)).toEqual(answers.map((_, n) => n));
  expect(new Set(answers.map((res) => res.body.id)).size).toBe(40);
  expect(creates - before).toBeLessThan(40);
  const ids = answers.map((res) => res.body.id as string);
  expect(await h.prisma.job.count({ where: { id: { in: ids } } })).toBe(40);
  const entries = await Promise.all(ids.map((id) => h.queues.work.cpu.getJob(id)));
  expect(entries.every((entry) => entry !== undefined)).toBe(true);
  expect(await h.prisma.jobEvent.count({ where: { jobId: { in: ids }, status: "queued" } })).toBe(40);
});

test("a reused Idempotency-Key among a burst answers 409 alone; its neighbours are accepted", async () => {
  expect((await submit({ type: "demo.echo", payload: { first: true } }, "burst-key")).status).toBe(202);
  const [reused, ...neighbours] = await Promise.all([
    submit({ type: "demo.echo", payload: { first: false } }, "burst-key"),
    ...Array.from({ length: 10 }, (_, n) => submit({ type: "demo.echo", payload: { n } })),
  ]);

  expect(reused.status).toBe(409);
  expect(neighbours.map((res) => res.status)).toEqual(neighbours.map(() => 202));
});

test("duplicates of one key in a burst make one job, and every duplicate is answered with it", async () => {
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => submit({ type: "demo.echo", payload: { once: true } }, "dup-in-burst")),
  );

  expect(answers.filter((res) => res.status === 202)).toHaveLength(1);
  expect(answers.filter((res) => res.status === 200)).toHaveLength(7);
  expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
  expect(await h.prisma.job.count({ where: { idempotencyKey: "dup-in-burst" } })).toBe(1);
});

test("when Redis refuses, every request of the burst answers 503 and no row is left", async () => {
  const { createJobQueues, createRedisConnection } = await import("@jobline/queues");
  const deadRedis = createRedisConnection("redis://127.0.0.1:1", { blocking: false });
  deadRedis.on("error", () => undefined);
  const deadQueues = createJobQueues(deadRedis, "unused");
  const app = h.variant({ queues: deadQueues, redis: deadRedis });
  const before = await h.prisma.job.count();
  try {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        request(app)
          .post("/v1/jobs")
          .set("Authorization", `Bearer ${h.tokens.writer}`)
          .set("Idempotency-Key", `down-${n}`)
          .send({ type: "demo.echo", payload: { n } }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(answers.map(() => 503));
    expect(await h.prisma.job.count()).toBe(before);
    // The keys were taken back with the rows: the client's retry is a new request.
    expect(await h.prisma.idempotencyKey.count({ where: { key: { startsWith: "down-" } } })).toBe(0);
  } finally {
    await deadQueues.close();
    deadRedis.disconnect();
  }
});

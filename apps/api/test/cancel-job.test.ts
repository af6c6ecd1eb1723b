/**
 * `POST /v1/jobs/{id}/cancel` in-process: the row moves to cancelled, a waiting or delayed entry leaves its queue,
 * an entry a worker holds is signalled on `<prefix>:cancel` instead. (A real worker aborting a running attempt is
 * covered in end-to-end.test.ts.)
 */
import { cancelChannel, parseCancelMessage } from "@jobline/events";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import request from "supertest";
import { testRedisUrl, waitFor } from "@jobline/testing";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const submit = async (body: object): Promise<string> => {
  const res = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`).send(body);
  expect(res.status).toBe(202);
  return res.body.id as string;
};
const cancel = (id: string, token = h.tokens.writer) =>
  request(h.app).post(`/v1/jobs/${id}/cancel`).set("Authorization", `Bearer ${token}`);
const events = async (jobId: string) =>
  (await h.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } })).map((e) => [e.status, e.detail]);

test("a queued job is cancelled and its entry leaves the queue", async () => {
  const id = await submit({ type: "demo.echo", payload: {} });

  const res = await cancel(id);

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id, status: "cancelled", finishedAt: expect.any(String) });
  expect(await h.queues.work.cpu.getJob(id)).toBeUndefined();
  expect(await events(id)).toEqual([
    ["queued", null],
    ["cancelled", { reason: expect.stringContaining("cancelled through the API") }],
  ]);
});

test("an id written in upper case names the same job", async () => {
  const id = await submit({ type: "demo.echo", payload: {} });

  const res = await cancel(id.toUpperCase());

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id, status: "cancelled" });
  expect(await h.queues.work.cpu.getJob(id)).toBeUndefined();
});

test("a scheduled job is cancelled and its delayed entry removed", async () => {
  const id = await submit({ type: "demo.echo", payload: {}, delayMs: 60_000 });
  expect(await h.queues.work.cpu.getJobState(id)).toBe("delayed");

  expect((await cancel(id)).body.status).toBe("cancelled");
  expect(await h.queues.work.cpu.getJob(id)).toBeUndefined();
});

test("a retrying job (waiting out its backoff) is cancelled", async () => {
  const id = await submit({ type: "demo.echo", payload: {}, delayMs: 60_000 });
  // As a worker leaves it: started, failed once, waiting out its backoff.
  await h.door.transition({ jobId: id }, { to: "running" });
  await h.door.transition({ jobId: id }, { to: "retrying", attempt: 1, error: { name: "Error", message: "first try failed", attempt: 1 } });

  expect((await cancel(id)).body.status).toBe("cancelled");
  expect(await h.queues.work.cpu.getJob(id)).toBeUndefined();
});

test("an entry a worker holds is not removed: the workers are told on <prefix>:cancel", async () => {
  const subscriber = new Redis(testRedisUrl);
  const messages: unknown[] = [];
  await subscriber.subscribe(cancelChannel(h.queues.prefix));
  subscriber.on("message", (_channel, text: string) => messages.push(parseCancelMessage(text)));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  // Stands in for the worker process: holds the entry (locked) until its signal fires.
  const worker = new Worker(
    "cpu",
    (_job, _token, signal) =>
      new Promise<void>((resolve) => {
        started();
        signal?.addEventListener("abort", () => resolve());
      }),
    { connection: h.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true }), prefix: h.queues.prefix },
  );
  try {
    const id = await submit({ type: "demo.echo", payload: {} });
    await running;

    expect((await cancel(id)).body.status).toBe("cancelled");

    expect(await h.queues.work.cpu.getJobState(id)).toBe("active");
    await waitFor(async () => messages.length > 0, "the cancel message");
    expect(messages).toEqual([{ jobId: id, reason: expect.stringContaining("cancelled through the API") }]);
    // What the worker process does with it (cancel-listener.ts):
    expect(worker.cancelJob(id, "test")).toBe(true);
  } finally {
    await worker.close();
    await (worker.opts.connection as Redis).quit();
    subscriber.disconnect();
  }
});

test("a finished job is a 409, and so is cancelling twice", async () => {
  const id = await submit({ type: "demo.echo", payload: {} });
  await h.door.transition({ jobId: id }, { to: "running" });
  await h.door.transition({ jobId: id }, { to: "completed", attempt: 1, result: {} });
  const completed = await cancel(id);
  expect(completed.status).toBe(409);
  expect(completed.body.type).toBe("/problems/conflict");

  const other = await submit({ type: "demo.echo", payload: {} });
  expect((await cancel(other)).status).toBe(200);
  expect((await cancel(other)).status).toBe(409);
});

test("another owner's job, an unknown id and a malformed id answer 404; a read-only token 403", async () => {
  const id = await submit({ type: "demo.echo", payload: {} });
  expect((await cancel(id, h.tokens.otherOwner)).status).toBe(404);
  expect((await cancel("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  expect((await cancel("not-a-uuid")).status).toBe(404);
  expect((await cancel(id, h.tokens.reader)).status).toBe(403);
  expect((await h.prisma.job.findUniqueOrThrow({ where: { id } })).status).toBe("queued");
});

test("a cancelled job can be re-driven with POST /retry", async () => {
  const id = await submit({ type: "demo.echo", payload: {} });
  await cancel(id);

  const res = await request(h.app).post(`/v1/jobs/${id}/retry`).set("Authorization", `Bearer ${h.tokens.writer}`);

  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ status: "queued", finishedAt: null });
  expect(["waiting", "prioritized"]).toContain(await h.queues.work.cpu.getJobState(id));
});

test("a cancelled scheduled job re-driven runs now, and its row no longer keeps the old runAt", async () => {
  const id = await submit({ type: "demo.echo", payload: {}, delayMs: 60_000 });
  await cancel(id);

  const res = await request(h.app).post(`/v1/jobs/${id}/retry`).set("Authorization", `Bearer ${h.tokens.writer}`);

  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ status: "queued", runAt: null });
  expect(["waiting", "prioritized"]).toContain(await h.queues.work.cpu.getJobState(id));
});

import { randomUUID } from "node:crypto";
import { killLeakedServices, startStack, type Stack } from "@jobline/testing";
import { ConflictError, createJobline, NotFoundError, ValidationError, type Jobline } from "../src";

let stack: Stack;
let jobline: Jobline;

beforeAll(async () => {
  stack = await startStack({ apis: 1, workers: 1 });
  jobline = createJobline({ baseUrl: stack.baseUrl(), token: stack.token });
});

afterAll(async () => {
  await stack?.teardown();
  await killLeakedServices();
});

test("create then wait gives the finished job with its type's result", async () => {
  const job = await jobline.jobs.create("report.generate", {
    title: "Q3",
    rows: [
      { region: "north", revenue: 120 },
      { region: "north", revenue: 80 },
    ],
    measures: ["revenue"],
  });
  expect(job.status).toBe("queued");

  const done = await jobline.jobs.wait(job, { timeoutMs: 30_000 });

  expect(done.status).toBe("completed");
  // Typed: `rowCount` exists on report.generate's result, so this compiles.
  expect(done.result?.rowCount).toBe(2);
});

test("wait returns a job that failed, with its error", async () => {
  const job = await jobline.jobs.create("demo.fail", { failTimes: 1, retryable: false });

  const done = await jobline.jobs.wait(job.id, { timeoutMs: 30_000 });

  expect(done.status).toBe("failed");
  expect(done.error).toMatchObject({ attempt: 1 });
});

test("list iterates over every matching job across pages", async () => {
  // The stack's worker serves only the cpu queue: gpu jobs stay queued where the listing sees them.
  const created = await jobline.jobs.createBatch(Array.from({ length: 5 }, (_, n) => ({ type: "demo.gpu-echo" as const, payload: { n } })));

  const listed: string[] = [];
  for await (const job of jobline.jobs.list({ type: "demo.gpu-echo", limit: 2 })) listed.push(job.id);

  expect(listed.sort()).toEqual(created.map((job) => job.id).sort());
});

test("listPage answers one page and the cursor to the next", async () => {
  const page = await jobline.jobs.listPage({ type: "demo.gpu-echo", limit: 2 });

  expect(page.data).toHaveLength(2);
  expect(page.nextCursor).toEqual(expect.any(String));
});

test("a payload that fails its type's schema is a ValidationError naming the field", async () => {
  const error = await jobline.jobs.create("demo.sleep", { ms: -1 }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ status: 422, type: "/problems/validation", errors: [expect.objectContaining({ path: "payload.ms" })] });
});

test("an unknown job is a NotFoundError", async () => {
  await expect(jobline.jobs.get(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
});

test("cancelling a finished job is a ConflictError", async () => {
  const done = await jobline.jobs.wait(await jobline.jobs.create("demo.echo", {}), { timeoutMs: 30_000 });

  await expect(jobline.jobs.cancel(done.id)).rejects.toBeInstanceOf(ConflictError);
});

test("a cancelled job can be re-driven and then finishes", async () => {
  const job = await jobline.jobs.create("demo.echo", { hello: "again" }, { delayMs: 60_000 });
  expect((await jobline.jobs.cancel(job.id)).status).toBe("cancelled");

  const redriven = await jobline.jobs.retry(job.id);

  expect(redriven.status).toBe("queued");
  expect((await jobline.jobs.wait(redriven.id, { timeoutMs: 30_000 })).status).toBe("completed");
});

test("promote starts a scheduled job now: its runAt is cleared and it finishes", async () => {
  const job = await jobline.jobs.create("demo.echo", { hello: "now" }, { delayMs: 3_600_000 });

  const promoted = await jobline.jobs.promote(job.id);

  expect(promoted).toMatchObject({ id: job.id, status: "scheduled", runAt: null });
  expect((await jobline.jobs.wait(job.id, { timeoutMs: 30_000 })).status).toBe("completed");
});

test("promoting a job with no wait to cut short is a ConflictError", async () => {
  const job = await jobline.jobs.create("demo.gpu-echo", { waits: "for a gpu worker" });

  await expect(jobline.jobs.promote(job.id)).rejects.toBeInstanceOf(ConflictError);
});

test("the same idempotency key answers with the first job", async () => {
  const key = randomUUID();
  const first = await jobline.jobs.create("demo.gpu-echo", { once: true }, { idempotencyKey: key });

  const again = await jobline.jobs.create("demo.gpu-echo", { once: true }, { idempotencyKey: key });

  expect(again.id).toBe(first.id);
});

test("wait polls when the events answer is not a stream (a proxy in the way)", async () => {
  const throughProxy = createJobline({
    baseUrl: stack.baseUrl(),
    token: stack.token,
    fetch: async (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith("/events")
        ? new Response("<html>buffered</html>", { headers: { "Content-Type": "text/html" } })
        : fetch(input, init),
  });
  const job = await throughProxy.jobs.create("demo.sleep", { ms: 300 });

  expect((await throughProxy.jobs.wait(job, { timeoutMs: 30_000 })).status).toBe("completed");
});

test("wait polls when the stream brings nothing at all (a proxy that buffers it)", async () => {
  const silent = () => new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) });
  const throughProxy = createJobline({
    baseUrl: stack.baseUrl(),
    token: stack.token,
    fetch: async (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith("/events")
        ? new Response(silent(), { headers: { "Content-Type": "text/event-stream" } })
        : fetch(input, init),
  });
  const job = await throughProxy.jobs.create("demo.sleep", { ms: 300 });

  expect((await throughProxy.jobs.wait(job, { timeoutMs: 30_000, firstEventTimeoutMs: 200 })).status).toBe("completed");
});

test("wait gives up with a WaitTimeoutError when the job does not finish in time", async () => {
  const job = await jobline.jobs.create("demo.gpu-echo", { never: "served" });

  await expect(jobline.jobs.wait(job, { timeoutMs: 500 })).rejects.toMatchObject({ name: "WaitTimeoutError", jobId: job.id });
});

/** SIGTERM: stop taking jobs, let the running ones finish (or hand them back after the grace), exit 0. */
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { startRedisServer, waitFor } from "@jobline/testing";

jest.setTimeout(30_000);

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const running = (row: { status: string }): boolean => row.status === "running";

it("finishes the running job after SIGTERM, takes no new ones, and exits 0", async () => {
  const worker = await env.startWorker({ WORKER_QUEUES: "cpu" });
  const job = await env.submit("demo.sleep", { ms: 1200 });
  await env.waitForRow(job.id, running, "the sleep to start");

  worker.child.kill("SIGTERM");
  // The signal is handled on the worker's next turn of the event loop; from that log line on it must take nothing.
  await waitFor(
    async () => worker.lines().some((line) => line.msg === "stopped taking jobs; waiting for running attempts"),
    "the worker to stop taking jobs",
  );
  const afterSignal = await env.submit("demo.echo", { too: "late" });
  expect(await worker.exited).toBe(0);

  expect(await env.row(job.id)).toMatchObject({ status: "completed", attempts: 1, progress: 100 });
  expect(await env.row(afterSignal.id)).toMatchObject({ status: "queued", attempts: 0 });
  const messages = worker.lines().map((line) => line.msg);
  expect(messages).toEqual(expect.arrayContaining(["shutting down", "worker stopped"]));
  expect(worker.lines().find((line) => line.msg === "worker stopped")).toMatchObject({ clean: true });
});

it("after the grace, hands the running job back to the queue without spending an attempt", async () => {
  const first = await env.startWorker({ WORKER_QUEUES: "cpu", WORKER_SHUTDOWN_GRACE_MS: "200" });
  const job = await env.submit("demo.sleep", { ms: 2500 }, { maxAttempts: 1 });
  await env.waitForRow(job.id, running, "the sleep to start");
  const signalledAt = Date.now();
  expect(await first.stop("SIGTERM")).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(2000);

  expect(await env.row(job.id)).toMatchObject({ status: "retrying", attempts: 1, error: { name: "WorkerShutdownError", attempt: 1 } });
  const entry = await env.queues.work.cpu.getJob(job.id);
  expect(await entry!.getState()).toMatch(/^(waiting|prioritized)$/);
  expect(entry!.attemptsMade).toBe(0);

  // maxAttempts is 1, yet the job still runs: the interrupted attempt did not spend the budget. The row counts
  // both starts, though: `attempts` is honest about how often the job began running.
  const second = await env.startWorker({ WORKER_QUEUES: "cpu" });
  try {
    const row = await env.waitForRow(job.id, (current) => current.status === "completed", "the job to complete on another worker");
    expect(row).toMatchObject({ attempts: 2, error: null });
  } finally {
    expect(await second.stop()).toBe(0);
  }
});

it("exits at once with 1 on a second signal", async () => {
  const worker = await env.startWorker({ WORKER_QUEUES: "cpu", WORKER_SHUTDOWN_GRACE_MS: "30000" });
  const job = await env.submit("demo.sleep", { ms: 5000 });
  await env.waitForRow(job.id, running, "the sleep to start");
  worker.child.kill("SIGTERM");
  await waitFor(async () => worker.lines().some((line) => line.msg === "shutting down"), "the first signal to be handled");
  const secondAt = Date.now();
  worker.child.kill("SIGTERM");
  expect(await worker.exited).toBe(1);
  expect(Date.now() - secondAt).toBeLessThan(1000);
  expect(worker.lines().map((line) => line.msg)).toContain("second signal: exiting without waiting");
});

it("stops at once when Redis is unreachable and no attempt is running, instead of spending the grace", async () => {
  const redis = await startRedisServer();
  try {
    const worker = await env.startWorker({ REDIS_URL: redis.url, WORKER_SHUTDOWN_GRACE_MS: "20000" });
    await redis.kill("SIGKILL");
    await waitFor(
      async () => worker.lines().some((line) => (line.level ?? 0) >= 40 && /redis|queue/i.test(String(line.msg))),
      "the worker to notice Redis is gone",
    );

    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    await worker.exited;
    // The grace is 20 s and every Redis step would wait 10 s more: well under either means it did not wait for them.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(worker.lines().map((line) => line.msg)).toContain(
      "redis is unreachable and no attempt is running: not waiting for the queue workers to close",
    );
  } finally {
    await redis.destroy();
  }
});

/** The worker's periodic retention sweep (sweeper.ts): old finished rows go, unfinished ones stay. */
import { randomUUID } from "node:crypto";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { waitFor } from "@jobline/testing";

jest.setTimeout(30_000);

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
});
afterAll(() => env?.teardown());

it("sweeps finished rows past JOB_RETENTION_DAYS on its interval, and leaves the rest", async () => {
  const owner = await env.prisma.owner.findFirstOrThrow();
  const threeDaysAgo = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
  const row = (status: "completed" | "queued") => ({
    id: randomUUID(),
    ownerId: owner.id,
    type: "demo.echo",
    queue: "cpu",
    status,
    payload: {},
    maxAttempts: 1,
    timeoutMs: 1000,
    createdAt: threeDaysAgo,
    updatedAt: threeDaysAgo,
  });
  const [old, unfinished] = [row("completed"), row("queued")];
  await env.prisma.job.createMany({ data: [old, unfinished] });

  // No queue: the worker only sweeps here.
  const worker = await env.startWorker({ WORKER_QUEUES: "gpu", JOB_RETENTION_DAYS: "2", SWEEP_INTERVAL_MS: "100" });
  try {
    await waitFor(async () => (await env.prisma.job.count({ where: { id: old.id } })) === 0, "the old completed row to be swept");
    expect(await env.prisma.job.count({ where: { id: unfinished.id } })).toBe(1);
    const swept = await waitFor(
      async () =>
        worker.lines().find((line) => line.msg === "retention sweep done" && (line.deleted as { completed: number }).completed > 0),
      "the sweep's log line",
    );
    expect(swept.deleted).toMatchObject({ completed: 1, failed: 0 });
  } finally {
    expect(await worker.stop("SIGTERM")).toBe(0);
  }
});

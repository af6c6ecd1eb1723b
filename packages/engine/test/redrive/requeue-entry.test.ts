import { randomUUID } from "node:crypto";
import { enqueueJob, type EnqueueableJob } from "@jobline/queues";
import { requeueEntry } from "../../src/redrive/requeue-entry";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

const job = (overrides: Partial<EnqueueableJob> = {}): EnqueueableJob => ({
  id: randomUUID(),
  type: "demo.echo",
  queue: "cpu",
  priority: 0,
  maxAttempts: 3,
  runAt: null,
  ...overrides,
});

test("re-driving replaces the old entry and the dead letter carrying the same id, and runs now", async () => {
  const row = job({ runAt: new Date(Date.now() + 60_000) });
  await enqueueJob(h.deps.queues, row);
  await h.deps.queues.deadLetter.add("demo.echo", { jobId: row.id } as never, { jobId: row.id });

  await requeueEntry(h.deps, row);

  expect(await h.deps.queues.deadLetter.getJob(row.id)).toBeUndefined();
  expect(await h.deps.queues.work.cpu.getJobState(row.id)).toBe("prioritized");
});

/**
 * A job whose type the catalogue knows but the handler registry does not (a catalogue from a newer build than the
 * worker's) fails at its first attempt with UnknownJobTypeError, instead of spending every attempt on a TypeError.
 * The real lifecycle in a BullMQ worker in this process, so the test can hand it that catalogue.
 */
import { jobCatalogue, jobTypes, type JobCatalogue, type JobType } from "@jobline/contract";
import { waitFor } from "@jobline/testing";
import { pino } from "pino";
import { createWorkerMetrics } from "../../src/metrics";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { startInProcessWorker, type InProcessWorker } from "../support/in-process-worker";

jest.setTimeout(30_000);

const newType = "text.wordcount";
const served = jobCatalogue({ demoJobs: true });
const newerCatalogue: JobCatalogue = {
  types: [...served.types, newType as JobType],
  get: (type) => (type === newType ? jobTypes["demo.echo"] : served.get(type)),
};

let env: TestEnvironment;
let worker: InProcessWorker;

beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await startInProcessWorker(env, {
    catalogue: newerCatalogue,
    logger: pino({ level: "silent" }),
    metrics: createWorkerMetrics(["cpu"]),
    hooks: [],
    concurrency: 1,
  });
});

afterAll(async () => {
  await worker?.close();
  await env?.teardown();
});

it("fails a job of a type without a handler at its first attempt and dead-letters it", async () => {
  const job = await env.submit(newType, { text: "two words" }, { queue: "cpu", maxAttempts: 3, timeoutMs: 10_000 });
  const row = await env.waitForRow(job.id, (current) => current.status === "failed", "the job to fail");
  expect(row).toMatchObject({ attempts: 1, error: { name: "UnknownJobTypeError", attempt: 1 } });
  expect((row.error as { message: string }).message).toContain(`no handler for jobs of type "${newType}"`);
  const letter = await waitFor(async () => (await env.queues.deadLetter.getJob(job.id))?.data, "the dead letter");
  expect(letter.error.name).toBe("UnknownJobTypeError");
  // The entry fails after the row and the dead letter are written: wait for BullMQ's part before reading its count.
  const entry = await waitFor(async () => {
    const current = await env.queues.work.cpu.getJob(job.id);
    return (await current?.getState()) === "failed" ? current : undefined;
  }, "the entry to fail");
  expect(entry.attemptsMade).toBe(1);
});

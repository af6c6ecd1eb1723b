/** A worker takes jobs only from the queues it serves (WORKER_QUEUES), and refuses a bad configuration outright. */
import { detectGpus } from "../../src/gpu";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";
import { startWorker } from "../support/worker-process";

jest.setTimeout(30_000);

let env: TestEnvironment;

beforeAll(async () => {
  env = await createTestEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

it("leaves gpu jobs to gpu workers, which run them and report the GPUs they really see", async () => {
  const cpuWorker = await env.startWorker({ WORKER_QUEUES: "cpu" });
  expect(cpuWorker.ready.queues).toEqual([{ name: "cpu", concurrency: expect.any(Number) }]);
  const gpuJob = await env.submit("demo.gpu-echo", { model: "tiny" });
  const cpuJob = await env.submit("demo.echo", { submitted: "after the gpu job" });

  await env.waitForRow(cpuJob.id, (row) => row.status === "completed", "the cpu job to complete");
  expect(await env.row(gpuJob.id)).toMatchObject({ status: "queued", attempts: 0 });
  expect(await env.queues.work.gpu.getJobState(gpuJob.id)).toMatch(/^(waiting|prioritized)$/);
  expect(await cpuWorker.stop()).toBe(0);

  const gpuWorker = await env.startWorker({ WORKER_QUEUES: "gpu" });
  try {
    expect(gpuWorker.ready.queues).toEqual([{ name: "gpu", concurrency: 1 }]);
    const row = await env.waitForRow(gpuJob.id, (current) => current.status === "completed", "the gpu job to complete");
    const expected = await detectGpus(); // the same probe, run here: no GPU on CI means available: false, never a fake one
    expect(row).toMatchObject({ attempts: 1, result: { payload: { model: "tiny" }, gpu: expected } });
    expect((row.result as { gpu: { available: boolean; devices: string[] } }).gpu.available).toBe(expected.devices.length > 0);
  } finally {
    expect(await gpuWorker.stop()).toBe(0);
  }
});

it("refuses to start with a bad configuration, naming every bad variable", async () => {
  const started = startWorker({
    DATABASE_URL: "mysql://nope",
    REDIS_URL: "redis://127.0.0.1:6379",
    WORKER_QUEUES: "cpu,tpu",
    WORKER_PORT: "-1",
  });
  await expect(started).rejects.toThrow(/exited \(1\) before printing/);
  const message = String(await started.catch((error: unknown) => error));
  for (const variable of ["DATABASE_URL", "WORKER_QUEUES", "WORKER_PORT"]) expect(message).toContain(variable);
});

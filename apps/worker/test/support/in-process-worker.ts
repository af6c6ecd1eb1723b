/**
 * The real lifecycle in a BullMQ worker of the test's own process, serving the cpu queue of a test environment: for a
 * test that hands the worker something the built process cannot be given (its own hooks, another catalogue).
 */
import type { JobCatalogue } from "@jobline/contract";
import { createRedisConnection } from "@jobline/queues";
import { testRedisUrl } from "@jobline/testing";
import type { Logger } from "pino";
import type { AttemptHook } from "../../src/handlers/hook";
import { readCancelMarks } from "../../src/cancel-marks";
import { createCompletionWriter } from "../../src/completion-writer";
import { createProcessor } from "../../src/lifecycle";
import { trackRunning } from "../../src/running-attempts";
import type { WorkerMetrics } from "../../src/metrics";
import { createQueueWorker } from "../../src/queue-workers";
import type { TestEnvironment } from "./environment";

export interface InProcessWorker {
  close(): Promise<void>;
}

export async function startInProcessWorker(
  env: TestEnvironment,
  deps: { catalogue: JobCatalogue; logger: Logger; metrics: WorkerMetrics; hooks: readonly AttemptHook[]; concurrency: number },
): Promise<InProcessWorker> {
  const connection = createRedisConnection(testRedisUrl, { blocking: true });
  const processor = createProcessor({
    prisma: env.prisma,
    door: env.door,
    cancelMarks: readCancelMarks(env.redis, env.prefix),
    completions: createCompletionWriter(env.door, { maxPending: 100 }),
    queues: env.queues,
    catalogue: deps.catalogue,
    logger: deps.logger,
    metrics: deps.metrics,
    hooks: deps.hooks,
    shutdown: new AbortController().signal,
    progressIntervalMs: 100,
    startWriteDelayMs: 100,
    pickupRetryDelayMs: 500,
  });
  const worker = createQueueWorker({
    queue: "cpu",
    concurrency: deps.concurrency,
    connection,
    prefix: env.prefix,
    catalogue: deps.catalogue,
    processor: trackRunning(processor).processor,
    logger: deps.logger,
    stalls: { lockDurationMs: 15_000, stalledIntervalMs: 7_500, maxStalledCount: 1 },
  });
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}

/**
 * The worker's composition root: configuration → the engine (Postgres, Redis, queues, publisher, relay) → one BullMQ
 * Worker per served queue → the HTTP side (health, metrics) → signals. Everything else receives what it needs as arguments.
 */
import { setMaxListeners } from "node:events";
import { ConfigError, logDestination } from "@jobline/config";
import { defaultWriteRetry } from "@jobline/db";
import { jobCatalogue, type JobCatalogue } from "@jobline/contract";
import { completedEntriesKept, defaultRetention, queueCounts } from "@jobline/queues";
import { pino } from "pino";
import { loadConfig, type WorkerConfig } from "./config";
import { WorkerShutdownError } from "./attempt-errors";
import { closeServer, createHttpServer, listen } from "./http-server";
import { listenForCancels } from "./cancel-listener";
import { handlers } from "./handlers";
import { hooks } from "./handlers/hooks";
import { checkHandlerRegistry } from "./handler-registry-check";
import { createDeadLetterFiler } from "./dead-letter-filer";
import { createProcessor } from "./lifecycle";
import { readCancelMarks } from "./cancel-marks";
import { createCompletionWriter } from "./completion-writer";
import { createWorkerMetrics } from "./metrics";
import { createQueueWorker } from "./queue-workers";
import { startScheduleRestorer } from "./schedules/schedule-restorer";
import { startScheduleRunner } from "./schedules/schedule-runner";
import { startReconciler } from "./reconciler";
import { createEngine, createOwnersUnfinishedJobsCap, createShutdown, exitOnSignals, startPeriodicTask } from "@jobline/engine";
import { createWebhookSender, sweepPendingDeliveries } from "@jobline/webhooks";
import { drainWorkers } from "./drain-workers";
import { trackRunning } from "./running-attempts";
import { startSweeper } from "./sweeper";

/** Time interrupted attempts get to hand their entries back after the grace ran out. */
const afterInterruptMs = 10_000;
const progressIntervalMs = 250;
/** An attempt gets its own `running` write once it has run this long; shorter ones write start and end at once. */
const startWriteDelayMs = 100;
/** Postgres down at pickup: how long the entry waits before the next try (it spends no attempt). */
const pickupRetryDelayMs = 2000;

async function start(config: WorkerConfig, catalogue: JobCatalogue): Promise<void> {
  const logger = pino({ level: config.logLevel, base: { service: "jobline-worker", pid: process.pid } }, logDestination(config.logFormat));
  const totalConcurrency = config.queues.reduce((sum, queue) => sum + queue.concurrency, 0);
  const interrupt = new AbortController();
  // Every running attempt listens for the interrupt: at a concurrency above 10, Node's leak warning would be noise.
  setMaxListeners(0, interrupt.signal);
  const engine = createEngine({
    databaseUrl: config.databaseUrl,
    transactionPooler: config.transactionPooler,
    redisUrl: config.redisUrl,
    redisTls: config.redisTls,
    queuePrefix: config.queuePrefix,
    role: "worker",
    // Writes are group-committed, so a few connections serve any concurrency; the rest are for the cold paths
    // (reconciler, sweeper, dead letters) and writes of different kinds in flight at once.
    poolSize: Math.min(20, Math.max(10, totalConcurrency)),
    writeRetry: { ...defaultWriteRetry, maxMs: config.dbRetryMs },
    stop: interrupt.signal,
    logger,
  });
  const { database, door, redis, queues, relay } = engine;
  const { prisma } = database;
  const metrics = createWorkerMetrics(
    config.queues.map((queue) => queue.name),
    { queueCounts: () => Promise.all(queues.all().map(queueCounts)) },
  );
  door.onChange((changes) => {
    for (const change of changes) metrics.jobChanged(change.event, change.status);
  });

  // Well below the completed entries BullMQ keeps per queue: no entry is trimmed before its row is written.
  const completions = createCompletionWriter(door, { maxPending: completedEntriesKept / 10 });
  const processor = createProcessor({
    prisma,
    door,
    cancelMarks: readCancelMarks(redis, config.queuePrefix),
    completions,
    queues,
    catalogue,
    logger,
    metrics,
    hooks,
    shutdown: interrupt.signal,
    progressIntervalMs,
    startWriteDelayMs,
    pickupRetryDelayMs,
  });
  const running = trackRunning(processor);
  const { redisReachable } = engine;
  const workers = config.queues.map((queue) =>
    createQueueWorker({
      queue: queue.name,
      concurrency: queue.concurrency,
      connection: redis,
      prefix: config.queuePrefix,
      catalogue,
      processor: running.processor,
      logger,
      stalls: config.stalls,
    }),
  );
  const server = createHttpServer(metrics, config.http);
  const cancels = listenForCancels({ redis, prefix: config.queuePrefix, running, logger });
  const sweeper = startSweeper({
    prisma,
    databaseUrl: config.databaseUrl,
    jobRetentionDays: config.retention.jobRetentionDays,
    failedJobRetentionDays: config.retention.failedJobRetentionDays,
    intervalMs: config.retention.sweepIntervalMs,
    logger,
  });

  const reconciler = startReconciler({
    prisma,
    door,
    queues,
    logger,
    intervalMs: config.reconcile.intervalMs,
    graceMs: config.reconcile.graceMs,
    onRepair: (repair) => metrics.reconcilerRepaired(repair),
  });
  // Runs get the default retention of their queue entries, as the reconciler's re-enqueued entries do.
  const scheduleRunner = startScheduleRunner({
    prisma,
    door,
    queues,
    catalogue,
    retention: defaultRetention,
    // Runs count against their owner's cap as submissions do: the same count in Redis as the API's.
    cap: createOwnersUnfinishedJobsCap({
      redis,
      pool: database.pool,
      queuePrefix: config.queuePrefix,
      onRedisError: (error) => logger.warn({ err: error }, "could not count a schedule's run against its owner's cap"),
    }),
    maxUnfinishedJobsPerOwner: config.maxUnfinishedJobsPerOwner,
    connection: redis,
    prefix: config.queuePrefix,
    logger,
  });
  const scheduleRestorer = startScheduleRestorer({
    prisma,
    schedules: queues.schedules,
    logger,
    intervalMs: config.scheduleRestoreIntervalMs,
  });

  const webhookSender = createWebhookSender({
    connection: redis,
    prefix: config.queuePrefix,
    pool: database.pool,
    settings: config.webhooks,
    logger,
  });
  const deadLetterFiler = createDeadLetterFiler({ connection: redis, prefix: config.queuePrefix, logger });
  // A delivery is swept once it has been pending for one interval: long enough for its relay to have enqueued it.
  const deliverySweep = startPeriodicTask({
    intervalMs: config.webhooks.sweepIntervalMs,
    run: () => sweepPendingDeliveries({ prisma, pool: database.pool, relay, olderThanMs: config.webhooks.sweepIntervalMs, logger }),
    onError: (error) => logger.warn({ err: error }, "webhook sweep failed"),
  });

  const shutdown = createShutdown(
    [
      {
        name: "queue workers",
        run: () =>
          drainWorkers(workers, {
            graceMs: config.shutdownGraceMs,
            afterInterruptMs,
            interrupt: () => interrupt.abort(new WorkerShutdownError()),
            logger,
            running: running.count,
            redisReachable,
          }),
        timeoutMs: config.shutdownGraceMs + afterInterruptMs + 5000,
      },
      // Before anything closes: the finished attempts' rows, written behind them (Postgres unreachable: the reconciler).
      { name: "completion writes", run: () => completions.flush() },
      { name: "webhook sender", run: () => webhookSender.close(), needsRedis: true },
      { name: "dead-letter filer", run: () => deadLetterFiler.close(), needsRedis: true },
      { name: "schedule runner", run: () => scheduleRunner.close(), needsRedis: true },
      { name: "schedule restorer", run: () => scheduleRestorer.stop(), needsRedis: true },
      { name: "cancel listener", run: () => cancels.close(), needsRedis: true },
      { name: "reconciler", run: () => reconciler.stop(), needsRedis: true },
      { name: "retention sweeper", run: () => sweeper.stop() },
      { name: "webhook sweep", run: () => deliverySweep.stop(), needsRedis: true },
      ...engine.shutdownSteps(),
      { name: "http server", run: () => closeServer(server) },
    ],
    logger,
    { redisReachable, name: "worker" },
  );
  exitOnSignals(shutdown, (code) => process.exit(code), logger);

  try {
    // Fail at start-up, not on the first job, when Postgres or Redis cannot be reached.
    await Promise.all([
      prisma.$queryRaw`SELECT 1`,
      cancels.ready,
      webhookSender.waitUntilReady(),
      deadLetterFiler.waitUntilReady(),
      scheduleRunner.waitUntilReady(),
      ...workers.map((worker) => worker.waitUntilReady()),
    ]);
    const port = await listen(server, config.port);
    logger.info({ queues: config.queues, prefix: config.queuePrefix, demoJobs: config.demoJobs, port }, "worker ready");
    // A deployment restarted more often than the interval would otherwise never sweep.
    if (config.retention.sweepIntervalMs > 0) void sweeper.sweepOnce();
  } catch (error) {
    logger.fatal({ err: error }, "worker could not start");
    await shutdown();
    process.exit(1);
  }
}

function main(): void {
  let config: WorkerConfig;
  let catalogue: JobCatalogue;
  try {
    config = loadConfig(process.env);
    catalogue = jobCatalogue({ demoJobs: config.demoJobs });
    // Before connecting to anything: a worker whose handlers lag its catalogue must take no job.
    checkHandlerRegistry({ catalogue, queues: config.queues.map((queue) => queue.name), handlers });
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  void start(config, catalogue);
}

main();

import { createWebhookQueue } from "@jobline/queues";
import { changePublisher } from "@jobline/events";
import { ConfigError } from "@jobline/config";
import { createDatabase, createJobDoor } from "@jobline/db";
import { jobCatalogue } from "@jobline/contract";
import { createJobQueues, createRedisConnection } from "@jobline/queues";
import { createWebhookRelay } from "@jobline/webhooks";
import pino from "pino";
import { createApp } from "./app";
import { createTokenVerifier } from "./auth/token-verifier";
import { loadConfig } from "./config";
import { createEventHub } from "./events/event-hub";
import { createOpenStreams } from "./events/open-streams";
import { createApiMetrics } from "./http/metrics";
import { createEdgeLimits } from "./limits/edge-limits";

/** Composition root: config → clients → app → listen → shutdown. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Asynchronous writes: with a line per request, writing each synchronously costs the hot path (as it did the
  // worker's); pino flushes what is buffered when the process exits.
  const logger = pino({ level: config.logLevel, redact: ["req.headers.authorization"] }, pino.destination({ sync: false }));
  const database = createDatabase(config.databaseUrl);
  const { prisma, pool } = database;
  const door = createJobDoor(database, { onListenerError: (error) => logger.error({ err: error }, "a job change listener failed") });
  const metrics = createApiMetrics({ processMetrics: true });
  door.onChange(metrics.recordChanges);
  const redis = createRedisConnection(config.redisUrl, { blocking: false });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const queues = createJobQueues(redis, config.queuePrefix, (error) => logger.warn({ err: error }, "queue error"));
  door.onChange(changePublisher(redis, config.queuePrefix, (error) => logger.warn({ err: error }, "could not publish job events")));
  // Subscriber mode takes a connection of its own; the hub subscribes again itself after a reconnect.
  const subscriber = redis.duplicate({ autoResubscribe: false, connectionName: "jobline-events" });
  subscriber.on("error", (error) => logger.warn({ err: error }, "redis event subscriber error"));
  const hub = createEventHub(subscriber, (error) => logger.warn({ err: error }, "could not subscribe again to job events"));
  const openStreams = createOpenStreams(metrics.openEventStreams, { perOwner: config.events.maxStreamsPerOwner, total: config.events.maxStreams });
  // Cancels end jobs here: their webhook deliveries are relayed from this process (the worker's sweep is the net).
  const webhookQueue = createWebhookQueue(redis, config.queuePrefix);
  webhookQueue.on("error", (error) => logger.warn({ err: error }, "webhook queue error"));
  const relay = createWebhookRelay({ pool, queue: webhookQueue, onError: (error) => logger.warn({ err: error }, "webhook relay failed; the worker's sweep enqueues it") });
  door.onChange(relay.listener);
  const app = createApp({
    config,
    prisma,
    pool,
    door,
    redis,
    queues,
    catalogue: jobCatalogue({ demoJobs: config.demoJobs }),
    verifier: createTokenVerifier(prisma, config.tokenCacheMs),
    logger,
    metrics,
    hub,
    openStreams,
    limits: createEdgeLimits({
      redis,
      pool,
      prefix: config.queuePrefix,
      defaults: config.limits,
      onRedisError: (error) => logger.warn({ err: error }, "the cap on unfinished jobs is not applied: redis did not answer"),
    }),
  });

  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info({ port, dashboard: config.board ? "/admin/queues" : "off", demoJobs: config.demoJobs }, "api listening");
  });

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ signal }, "api shutting down");
      // Before server.close, which waits for open connections: a stream would hold it until its job finished.
      openStreams.endAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [name, step] of [
        ["event subscriber", () => hub.close()],
        ["webhook relay", () => door.flush().then(() => relay.flush())],
        ["webhook queue", () => webhookQueue.close()],
        ["queues", () => queues.close()],
        ["redis", () => redis.quit().then(() => undefined)],
        ["job writes", () => door.flush()],
        ["postgres", () => database.close()],
      ] as const) {
        await Promise.resolve()
          .then(step)
          .catch((error: unknown) => logger.warn({ err: error, step: name }, "shutdown step failed"));
      }
    })();
    return closing;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1); // a second signal forces the exit
      void shutdown(signal).then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});

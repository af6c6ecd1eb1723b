import { ConfigError, logDestination } from "@jobline/config";
import { createEngine, createShutdown, exitOnSignals } from "@jobline/engine";
import { jobCatalogue } from "@jobline/contract";
import pino from "pino";
import { createApp } from "./app";
import { createTokenVerifier } from "./auth/token-verifier";
import { loadConfig } from "./config";
import { createEventHub } from "./events/event-hub";
import { createOpenStreams } from "./events/open-streams";
import { createApiMetrics } from "./http/metrics";
import { serveHttp } from "./http/server";
import { createAuthFailures } from "./limits/auth-failures";
import { createEdgeLimits } from "./limits/edge-limits";

/** Composition root: config → clients → app → listen → shutdown. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel, redact: ["req.headers.authorization"] }, logDestination(config.logFormat));
  const engine = createEngine({
    databaseUrl: config.databaseUrl,
    transactionPooler: config.transactionPooler,
    redisUrl: config.redisUrl,
    redisTls: config.redisTls,
    queuePrefix: config.queuePrefix,
    role: "api",
    logger,
  });
  const { database, door, redis, queues } = engine;
  const { prisma, pool } = database;
  const metrics = createApiMetrics({ processMetrics: true });
  door.onChange(metrics.recordChanges);
  // Subscriber mode takes a connection of its own; the hub subscribes again itself after a reconnect.
  const subscriber = redis.duplicate({ autoResubscribe: false, connectionName: "jobline-events" });
  subscriber.on("error", (error) => logger.warn({ err: error }, "redis event subscriber error"));
  const hub = createEventHub(subscriber, (error) => logger.warn({ err: error }, "could not subscribe again to job events"));
  const openStreams = createOpenStreams(metrics.openEventStreams, {
    perOwner: config.events.maxStreamsPerOwner,
    perToken: config.events.maxStreamsPerToken,
    total: config.events.maxStreams,
  });
  const app = createApp({
    config,
    prisma,
    pool,
    door,
    redis,
    queues,
    catalogue: jobCatalogue({ demoJobs: config.demoJobs }),
    verifier: createTokenVerifier(pool, config.tokenCacheMs),
    logger,
    metrics,
    hub,
    openStreams,
    limits: createEdgeLimits({
      redis,
      pool,
      prefix: config.queuePrefix,
      defaults: config.limits,
      onRedisError: (error) =>
        logger.warn(
          { err: error },
          "redis did not answer a limit: the cap on unfinished jobs fails open, a submission takes its limits one by one",
        ),
    }),
    authFailures: createAuthFailures(redis, `${config.queuePrefix}:limits:auth`, config.authFailures),
  });

  const server = serveHttp(app, config.port, config.http, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info({ port, dashboard: config.board ? "/admin/queues" : "off", demoJobs: config.demoJobs }, "api listening");
  });

  const shutdown = createShutdown(
    [
      // Before server.close, which waits for open connections: a stream would hold it until its job finished.
      { name: "event streams", run: async () => openStreams.endAll() },
      { name: "http server", run: () => new Promise<void>((resolve) => server.close(() => resolve())) },
      { name: "event subscriber", run: () => hub.close(), needsRedis: true },
      ...engine.shutdownSteps(),
    ],
    logger,
    { redisReachable: engine.redisReachable, name: "api" },
  );
  exitOnSignals(shutdown, (code) => process.exit(code), logger);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});

import { ConfigError } from "@jobline/config";
import { createDatabase, createJobDoor } from "@jobline/db";
import { jobCatalogue } from "@jobline/jobs";
import { createJobQueues, createRedisConnection } from "@jobline/queues";
import pino from "pino";
import { createApp } from "./app";
import { createTokenVerifier } from "./auth/token-verifier";
import { loadConfig } from "./config";
import { createApiMetrics } from "./http/metrics";

/** Composition root: config → clients → app → listen → shutdown. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.logLevel, redact: ["req.headers.authorization"] });
  const database = createDatabase(config.databaseUrl);
  const { prisma, pool } = database;
  const door = createJobDoor(database, { onListenerError: (error) => logger.error({ err: error }, "a job change listener failed") });
  const metrics = createApiMetrics({ processMetrics: true });
  door.onChange(metrics.recordChanges);
  const redis = createRedisConnection(config.redisUrl, { blocking: false });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const queues = createJobQueues(redis, config.queuePrefix, (error) => logger.warn({ err: error }, "queue error"));
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [name, step] of [
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

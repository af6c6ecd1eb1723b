/**
 * One composition for every process that operates on jobs (the API, the worker, their test harnesses): Postgres,
 * Redis, the door, the queues, the event publisher and the webhook relay, wired once. Each app adds what only it has
 * (the API its event subscriber and HTTP server, the worker its BullMQ workers) and closes those first, then the
 * engine's `shutdownSteps`.
 */
import { createDatabase, createJobDoor, type Database, type JobDoor, type MoveKind, type WriteRetryPolicy } from "@jobline/db";
import { changePublisher } from "@jobline/events";
import {
  createJobQueues,
  createRedisConnection,
  createWebhookQueue,
  type JobQueues,
  type RedisTlsFiles,
  type WebhookJobData,
} from "@jobline/queues";
import { createWebhookRelay, type WebhookRelay } from "@jobline/webhooks";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createShutdown, type ShutdownLog, type ShutdownStep } from "./runtime/shutdown-sequence";

export interface EngineOptions {
  databaseUrl: string;
  /** `databaseUrl` is a pooler in transaction mode (`pgbouncer=true`); see `DatabaseOptions.transactionPooler`. */
  transactionPooler?: boolean;
  redisUrl: string;
  /** A private CA and a client certificate for a `rediss://` Redis. */
  redisTls?: RedisTlsFiles;
  /** Every Redis key and channel lives under it. */
  queuePrefix: string;
  /**
   * "api": Redis commands fail fast (a request must answer, 503 if need be); "worker": they wait for Redis, as
   * BullMQ's workers need.
   */
  role: "api" | "worker";
  /** Connections of the main pool (default 10). */
  poolSize?: number;
  /** Durable writes (a worker's outcomes) retry while Postgres is unreachable, by this policy. */
  writeRetry?: WriteRetryPolicy;
  /** Aborted when durable writes must give up (the worker's shutdown grace ran out). */
  stop?: AbortSignal;
  logger: ShutdownLog;
}

export interface Engine {
  database: Database;
  door: JobDoor;
  redis: Redis;
  queues: JobQueues;
  webhookQueue: Queue<WebhookJobData>;
  /** Enqueues the webhook deliveries of the terminal moves this process commits. */
  relay: WebhookRelay;
  /** Whether Redis answers now: shutdown steps that need it get a short timeout when it does not. */
  redisReachable(): boolean;
  /** The engine's part of a shutdown, in order, for the app to run after its own steps. */
  shutdownSteps(): ShutdownStep[];
  /** Runs `shutdownSteps` alone (test harnesses, command-line tools); resolves with whether all succeeded. */
  close(): Promise<boolean>;
}

export function createEngine(options: EngineOptions): Engine {
  const { logger } = options;
  const database = createDatabase(options.databaseUrl, { poolSize: options.poolSize, transactionPooler: options.transactionPooler });
  const door = createJobDoor(database, {
    writeRetry: options.writeRetry,
    stop: options.stop,
    onRetry: (error, delayMs, kind: MoveKind) =>
      logger.warn({ err: error, to: kind, retryInMs: delayMs }, "postgres unreachable; retrying the status writes"),
    onListenerError: (error) => logger.error({ err: error }, "a job change listener failed"),
  });
  const redis = createRedisConnection(options.redisUrl, { blocking: options.role === "worker", tls: options.redisTls });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  const queues = createJobQueues(redis, options.queuePrefix, (error) => logger.warn({ err: error }, "queue error"));
  door.onChange(changePublisher(redis, options.queuePrefix, (error) => logger.warn({ err: error }, "could not publish job events")));
  const webhookQueue = createWebhookQueue(redis, options.queuePrefix);
  webhookQueue.on("error", (error) => logger.warn({ err: error }, "webhook queue error"));
  // Whichever process commits a terminal move relays its deliveries; the worker's sweep is the net if it dies first.
  const relay = createWebhookRelay({
    pool: database.pool,
    queue: webhookQueue,
    onError: (error) => logger.warn({ err: error }, "webhook relay failed; the worker's sweep enqueues it"),
  });
  door.onChange(relay.listener);
  const redisReachable = (): boolean => redis.status === "ready";

  const shutdownSteps = (): ShutdownStep[] => [
    // The last outcomes' deliveries reach their queue; any that do not, the worker's sweep enqueues.
    { name: "webhook relay", run: () => door.flush().then(() => relay.flush()), needsRedis: true },
    { name: "webhook queue", run: () => webhookQueue.close(), needsRedis: true },
    { name: "queues", run: () => queues.close(), needsRedis: true },
    // QUIT waits for a reply: only ask a server that is connected, else just drop the socket and stop reconnecting.
    { name: "redis", run: async () => (redis.status === "ready" ? redis.quit() : redis.disconnect()) },
    // Before Postgres closes: the last outcomes reach their rows.
    { name: "job writes", run: () => door.flush() },
    { name: "postgres", run: () => database.close() },
  ];

  let closing: Promise<boolean> | undefined;
  return {
    database,
    door,
    redis,
    queues,
    webhookQueue,
    relay,
    redisReachable,
    shutdownSteps,
    close() {
      closing ??= createShutdown(shutdownSteps(), logger, { redisReachable, name: "engine" })();
      return closing;
    },
  };
}

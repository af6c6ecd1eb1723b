/**
 * The worker's environment, parsed once at start-up. Nothing else in the worker reads `process.env`:
 * the frozen object is passed to whatever needs a setting.
 */
import { webhookEntryAttemptsCeiling } from "@jobline/queues";
import os from "node:os";
import {
  headersWithinRequest,
  httpTimeouts,
  httpTimeoutsEnv,
  parseEnvironment,
  retentionDaysEnv,
  sharedConfig,
  sharedEnv,
  unfinishedJobsCapEnv,
  webhookNetworkEnv,
  type HttpTimeouts,
  type SharedConfig,
  redisClientCertInPairs,
  redisTlsNeedsRediss,
} from "@jobline/config";
import { workQueueNames, WorkQueueNameSchema, type WorkQueueName } from "@jobline/contract";
import { z } from "zod";

const positiveInt = z.coerce.number().int().min(1);

const queueList = z
  .string()
  .transform((value) => [
    ...new Set(
      value
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== ""),
    ),
  ])
  .pipe(
    z.array(WorkQueueNameSchema, { error: `each queue must be one of ${workQueueNames.join(", ")}` }).min(1, "name at least one queue"),
  );

/** Exported for the test that holds `.env.example` and the settings tables to it. */
export function envSchema(defaults: { cpuConcurrency: number }) {
  return z.object({
    ...sharedEnv,
    WORKER_QUEUES: queueList.default([...workQueueNames]),
    WORKER_CONCURRENCY_CPU: positiveInt.default(defaults.cpuConcurrency),
    WORKER_CONCURRENCY_GPU: positiveInt.default(1),
    WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
    WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
    /** The health and metrics server's, as the API's. */
    ...httpTimeoutsEnv,
    /** Crash recovery (see queue-workers.ts for why these defaults). */
    WORKER_LOCK_DURATION_MS: positiveInt.default(15_000),
    WORKER_STALLED_INTERVAL_MS: positiveInt.default(7_500),
    WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(0).default(2),
    /** How long a status write keeps retrying while Postgres is unreachable, before the reconciler takes over. */
    WORKER_DB_RETRY_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(5 * 60_000),
    /** 0 turns the reconciler off in this process (another worker may still run it). */
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
    /** Unfinished rows untouched for this long get their queue entry checked; default twice the interval. */
    RECONCILE_GRACE_MS: positiveInt.optional(),
    ...retentionDaysEnv,
    /** 0 turns the periodic sweep off (`pnpm db:sweep` still works). */
    SWEEP_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(60 * 60 * 1000),
    /** How often schedulers lost from Redis are installed again from the schedules' rows; 0: never in this process. */
    SCHEDULE_RESTORE_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
    ...unfinishedJobsCapEnv,
    ...webhookNetworkEnv,
    WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
    WEBHOOK_MAX_ATTEMPTS: positiveInt.max(webhookEntryAttemptsCeiling).default(8),
    /** Delay before a delivery's second attempt; each later one doubles it (capped at an hour). */
    WEBHOOK_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(5000),
    WEBHOOK_CONCURRENCY: positiveInt.default(10),
    /** Attempts in flight at one receiving host (host:port), across every worker: a hanging host holds no more slots. */
    WEBHOOK_HOST_CONCURRENCY: positiveInt.default(4),
    /** Consecutive failed attempts (no answer, 5xx, 429) at a host that open its circuit breaker. */
    WEBHOOK_BREAKER_FAILURES: positiveInt.default(5),
    /** How long an open breaker postpones its host's deliveries before one probe goes through. */
    WEBHOOK_BREAKER_COOLDOWN_MS: positiveInt.default(30_000),
    /** How often one worker enqueues deliveries left pending without an entry, and how old they must be; 0: never. */
    WEBHOOK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(5000),
  });
}

export interface WorkerConfig extends SharedConfig {
  /** The queues this process takes jobs from, each with how many jobs it runs at once. */
  readonly queues: ReadonlyArray<{ readonly name: WorkQueueName; readonly concurrency: number }>;
  readonly shutdownGraceMs: number;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The health and metrics server's timeouts for clients that do not finish their request (the API's settings). */
  readonly http: HttpTimeouts;
  readonly stalls: { readonly lockDurationMs: number; readonly stalledIntervalMs: number; readonly maxStalledCount: number };
  readonly dbRetryMs: number;
  readonly reconcile: { readonly intervalMs: number; readonly graceMs: number };
  /** How long finished rows stay in Postgres, and how often this worker offers to sweep them (0: never). */
  readonly retention: { readonly jobRetentionDays: number; readonly failedJobRetentionDays: number; readonly sweepIntervalMs: number };
  readonly scheduleRestoreIntervalMs: number;
  /** An owner's cap on unfinished jobs where its row sets none; a schedule's fire counts against it. */
  readonly maxUnfinishedJobsPerOwner: number;
  readonly webhooks: WebhookSenderConfig;
}

export interface WebhookSenderConfig {
  readonly allowPrivateNetworks: boolean;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly concurrency: number;
  readonly hostConcurrency: number;
  readonly breakerFailures: number;
  readonly breakerCoolDownMs: number;
  readonly sweepIntervalMs: number;
}

/** Reads the environment once; every bad variable is listed in one ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const values = parseEnvironment(
    envSchema({ cpuConcurrency: os.availableParallelism() })
      .refine(...headersWithinRequest)
      .refine(...redisTlsNeedsRediss)
      .refine(...redisClientCertInPairs),
    env,
  );
  const concurrency: Record<WorkQueueName, number> = { cpu: values.WORKER_CONCURRENCY_CPU, gpu: values.WORKER_CONCURRENCY_GPU };
  return Object.freeze({
    ...sharedConfig(values),
    queues: Object.freeze(values.WORKER_QUEUES.map((name) => Object.freeze({ name, concurrency: concurrency[name] }))),
    shutdownGraceMs: values.WORKER_SHUTDOWN_GRACE_MS,
    port: values.WORKER_PORT,
    http: httpTimeouts(values),
    stalls: Object.freeze({
      lockDurationMs: values.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: values.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: values.WORKER_MAX_STALLED_COUNT,
    }),
    dbRetryMs: values.WORKER_DB_RETRY_MS,
    reconcile: Object.freeze({
      intervalMs: values.RECONCILE_INTERVAL_MS,
      graceMs: values.RECONCILE_GRACE_MS ?? Math.max(1, 2 * values.RECONCILE_INTERVAL_MS),
    }),
    retention: Object.freeze({
      jobRetentionDays: values.JOB_RETENTION_DAYS,
      failedJobRetentionDays: values.FAILED_JOB_RETENTION_DAYS,
      sweepIntervalMs: values.SWEEP_INTERVAL_MS,
    }),
    scheduleRestoreIntervalMs: values.SCHEDULE_RESTORE_INTERVAL_MS,
    maxUnfinishedJobsPerOwner: values.MAX_UNFINISHED_JOBS_PER_OWNER,
    webhooks: Object.freeze({
      allowPrivateNetworks: values.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      maxAttempts: values.WEBHOOK_MAX_ATTEMPTS,
      retryDelayMs: values.WEBHOOK_RETRY_DELAY_MS,
      concurrency: values.WEBHOOK_CONCURRENCY,
      hostConcurrency: values.WEBHOOK_HOST_CONCURRENCY,
      breakerFailures: values.WEBHOOK_BREAKER_FAILURES,
      breakerCoolDownMs: values.WEBHOOK_BREAKER_COOLDOWN_MS,
      sweepIntervalMs: values.WEBHOOK_SWEEP_INTERVAL_MS,
    }),
  });
}

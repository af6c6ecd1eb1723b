/**
 * The environment variables more than one process reads, as zod shape fragments: each app (and each CLI) spreads
 * the ones it needs into its own `z.object`, so a variable means the same, with the same default and the same
 * message, wherever it is read.
 */
import { z } from "zod";
import { behindTransactionPooler, poolerFlagIsBoolean } from "./database-urls";
import { redisTlsEnv, redisTlsOf, type RedisTls } from "./redis-tls";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];
/** `json`, one object per line, for a log store; `pretty`, coloured lines for a person at a terminal (the dev stack). */
const logFormats = ["json", "pretty"] as const;
export type LogFormat = (typeof logFormats)[number];

/**
 * What `QUEUE_PREFIX` may be, for the API and the worker alike (they must agree to meet in Redis). Braces allow a
 * Redis Cluster hash tag such as `{jobline}`, which keeps all of a deployment's keys in one slot.
 */
const queuePrefixPattern = /^[A-Za-z0-9_.{}-]+$/;

/** A connection URL: an unset variable and a malformed one get different messages. */
function connectionUrl(scheme: string, protocol: RegExp) {
  return z.url({
    protocol,
    error: (issue) => (issue.input === undefined ? `is required (${scheme}…)` : `must be a ${scheme} URL`),
  });
}

const booleanFlag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((value) => value === "true" || value === "1");

const postgresUrl = () => connectionUrl("postgresql://", /^postgres(ql)?$/).refine(...poolerFlagIsBoolean);

/** All the operator CLIs (migrate, sweep, token, seed) need. */
export const databaseEnv = {
  DATABASE_URL: postgresUrl(),
};

/**
 * `pnpm db:migrate`: where the SQL migrations are (the images set it; the repository's `prisma/migrations` otherwise),
 * and the database's own address when `DATABASE_URL` is a pooler's (`.refine(...directUrlForMigrations)`).
 */
export const migrationsEnv = {
  JOBLINE_MIGRATIONS_DIR: z.string().optional(),
  DIRECT_DATABASE_URL: postgresUrl().optional(),
};

/** What the API and the worker both read. */
export const sharedEnv = {
  ...databaseEnv,
  REDIS_URL: connectionUrl("redis://", /^rediss?$/),
  ...redisTlsEnv,
  QUEUE_PREFIX: z.string().regex(queuePrefixPattern, "letters, digits, _ . - { } only").default("jobline"),
  JOBLINE_DEMO_JOBS: booleanFlag.default(false),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  LOG_FORMAT: z.enum(logFormats).default("json"),
};

/**
 * Whether webhook callback URLs may reach loopback and private networks: the API checks at submit, the worker at
 * connect, and both must agree. Off in production; the dev stack and the tests turn it on for local receivers.
 */
export const webhookNetworkEnv = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag.default(false),
};

/**
 * The per-owner cap on jobs not yet finished, where an owner's row sets none: the API checks it at submit, the worker at
 * each schedule fire (a run counts as a submitted job does).
 */
export const unfinishedJobsCapEnv = {
  MAX_UNFINISHED_JOBS_PER_OWNER: z.coerce.number().int().min(0).max(1_000_000_000).default(100_000),
};

/** How long finished rows stay in Postgres: read by the worker's sweeper and by `pnpm db:sweep`. */
export const retentionDaysEnv = {
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
};

export interface SharedConfig {
  readonly databaseUrl: string;
  /** `DATABASE_URL` says `pgbouncer=true`: a pooler in transaction mode is between the process and Postgres. */
  readonly transactionPooler: boolean;
  readonly redisUrl: string;
  /** A private CA and a client certificate for `rediss://` (`.refine(...redisTlsNeedsRediss)`); undefined for none. */
  readonly redisTls: RedisTls | undefined;
  readonly queuePrefix: string;
  readonly demoJobs: boolean;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

/** The shared part of an app's configuration, from values parsed with `sharedEnv`. */
export function sharedConfig(values: z.output<z.ZodObject<typeof sharedEnv>>): SharedConfig {
  return {
    databaseUrl: values.DATABASE_URL,
    transactionPooler: behindTransactionPooler(values.DATABASE_URL),
    redisUrl: values.REDIS_URL,
    redisTls: redisTlsOf(values),
    queuePrefix: values.QUEUE_PREFIX,
    demoJobs: values.JOBLINE_DEMO_JOBS,
    logLevel: values.LOG_LEVEL,
    logFormat: values.LOG_FORMAT,
  };
}

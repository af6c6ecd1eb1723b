import { queuePrefixPattern, type RetentionOptions } from "@jobline/queues";
import { z } from "zod";

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const EnvSchema = z
  .object({
    DATABASE_URL: z.string({ error: "is required (postgresql://…)" }).min(1, "is required (postgresql://…)"),
    REDIS_URL: z.string({ error: "is required (redis://…)" }).min(1, "is required (redis://…)"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    QUEUE_PREFIX: z.string().regex(queuePrefixPattern, "letters, digits, _ . - { } only").default("jobline"),
    BOARD_USERNAME: z.string().min(1).optional(),
    BOARD_PASSWORD: z.string().min(8, "must have at least 8 characters").optional(),
    JOBLINE_DEMO_JOBS: booleanFlag.default(false),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
    TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    RETENTION_COMPLETED_AGE_SECONDS: z.coerce.number().int().min(0).default(3600),
    RETENTION_FAILED_AGE_SECONDS: z.coerce.number().int().min(0).default(7 * 24 * 3600),
  })
  .refine((env) => (env.BOARD_USERNAME === undefined) === (env.BOARD_PASSWORD === undefined), {
    message: "set both BOARD_USERNAME and BOARD_PASSWORD, or neither (the dashboard is then off)",
    path: ["BOARD_PASSWORD"],
  });

export interface ApiConfig {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  queuePrefix: string;
  /** Operator credentials for the dashboard; null turns the dashboard off. */
  board: { username: string; password: string } | null;
  demoJobs: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  tokenCacheMs: number;
  /** How long a request waits for Redis to take a queue entry before answering 503. */
  enqueueTimeoutMs: number;
  /** How long finished entries stay in Redis (the rows stay in Postgres; the worker's sweeper decides about those). */
  retention: RetentionOptions;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Every bad variable in one error, one line each, so an operator fixes them all in one go. */
export function configError(error: z.ZodError): ConfigError {
  const lines = error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  return new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
}

/** Reads the environment once; every bad variable is listed in one error. */
export function loadConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw configError(parsed.error);
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    queuePrefix: e.QUEUE_PREFIX,
    board: e.BOARD_USERNAME && e.BOARD_PASSWORD ? { username: e.BOARD_USERNAME, password: e.BOARD_PASSWORD } : null,
    demoJobs: e.JOBLINE_DEMO_JOBS,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    tokenCacheMs: e.TOKEN_CACHE_MS,
    enqueueTimeoutMs: e.ENQUEUE_TIMEOUT_MS,
    retention: { completedAgeSeconds: e.RETENTION_COMPLETED_AGE_SECONDS, failedAgeSeconds: e.RETENTION_FAILED_AGE_SECONDS },
  });
}

/** The API's environment, parsed once at start-up: the shared settings plus the API's own. */
import {
  headersWithinRequest,
  httpTimeouts,
  httpTimeoutsEnv,
  parseEnvironment,
  redisClientCertInPairs,
  redisTlsNeedsRediss,
  sharedConfig,
  sharedEnv,
  unfinishedJobsCapEnv,
  webhookNetworkEnv,
  type HttpTimeouts,
  type SharedConfig,
} from "@jobline/config";
import type { RetentionOptions } from "@jobline/queues";
import { z } from "zod";
import { TrustProxySchema, type TrustProxy } from "./trust-proxy";
import type { AuthFailureSettings } from "./limits/auth-failures";

/** Exported for the test that holds `.env.example` and the settings tables to it. */
export const EnvSchema = z
  .object({
    ...sharedEnv,
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BOARD_USERNAME: z.string().min(1).optional(),
    BOARD_PASSWORD: z.string().min(8, "must have at least 8 characters").optional(),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    ...httpTimeoutsEnv,
    TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
    RETENTION_COMPLETED_AGE_SECONDS: z.coerce.number().int().min(0).default(3600),
    RETENTION_FAILED_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3600),
    ...webhookNetworkEnv,
    EVENTS_KEEPALIVE_MS: z.coerce.number().int().min(10).max(300_000).default(15_000),
    EVENTS_MAX_BUFFERED_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(256 * 1024),
    EVENTS_MAX_STREAMS_PER_OWNER: z.coerce.number().int().min(1).max(1_000_000).default(100),
    EVENTS_MAX_STREAMS_PER_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(20),
    EVENTS_TOKEN_RECHECK_MS: z.coerce.number().int().min(100).max(60_000).optional(),
    EVENTS_MAX_STREAM_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    EVENTS_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    AUTH_FAILURES_PER_WINDOW: z.coerce.number().int().min(1).max(1_000_000).default(20),
    AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    AUTH_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    TRUST_PROXY: TrustProxySchema,
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(6000),
    ...unfinishedJobsCapEnv,
    MAX_SCHEDULES_PER_OWNER: z.coerce.number().int().min(0).max(1_000_000).default(100),
  })
  .refine(...headersWithinRequest)
  .refine(...redisTlsNeedsRediss)
  .refine(...redisClientCertInPairs)
  .refine((env) => (env.BOARD_USERNAME === undefined) === (env.BOARD_PASSWORD === undefined), {
    message: "set both BOARD_USERNAME and BOARD_PASSWORD, or neither (the dashboard is then off)",
    path: ["BOARD_PASSWORD"],
  });

export interface ApiConfig extends SharedConfig {
  port: number;
  /** Operator credentials for the dashboard; null turns the dashboard off. */
  board: { username: string; password: string } | null;
  bodyLimitBytes: number;
  /** Clients that hold a socket without finishing their request are cut off after these. */
  http: HttpTimeouts;
  tokenCacheMs: number;
  /** How long a request waits for Redis to take a queue entry before answering 503. */
  enqueueTimeoutMs: number;
  /** How long finished entries stay in Redis (the rows stay in Postgres; the worker's sweeper decides about those). */
  retention: RetentionOptions;
  /** Callback URLs may point at loopback and private networks (development, tests). */
  webhookAllowPrivateNetworks: boolean;
  /**
   * Event streams: a keep-alive comment this often; cut off once this much waits for a slow reader; bounded per owner,
   * per token and in all; their token checked again this often; ended after their longest lifetime.
   */
  events: {
    keepAliveMs: number;
    maxBufferedBytes: number;
    maxStreamsPerOwner: number;
    maxStreamsPerToken: number;
    maxStreams: number;
    tokenRecheckMs: number;
    maxStreamMs: number;
  };
  /** Failed authentications allowed per client address (and dashboard user) in a window, and the block after. */
  authFailures: AuthFailureSettings;
  /** Whose `X-Forwarded-For` names the client (the throttle's address); false: the socket's address, the header ignored. */
  trustProxy: TrustProxy;
  /** Per-owner defaults; an owner's row may override each. */
  limits: { rateLimitPerMinute: number; maxUnfinishedJobs: number; maxSchedules: number };
}

/** Reads the environment once; every bad variable is listed in one ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const e = parseEnvironment(EnvSchema, env);
  return Object.freeze({
    ...sharedConfig(e),
    port: e.PORT,
    board: e.BOARD_USERNAME && e.BOARD_PASSWORD ? { username: e.BOARD_USERNAME, password: e.BOARD_PASSWORD } : null,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    http: httpTimeouts(e),
    tokenCacheMs: e.TOKEN_CACHE_MS,
    enqueueTimeoutMs: e.ENQUEUE_TIMEOUT_MS,
    retention: { completedAgeSeconds: e.RETENTION_COMPLETED_AGE_SECONDS, failedAgeSeconds: e.RETENTION_FAILED_AGE_SECONDS },
    webhookAllowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    events: {
      keepAliveMs: e.EVENTS_KEEPALIVE_MS,
      maxBufferedBytes: e.EVENTS_MAX_BUFFERED_BYTES,
      maxStreamsPerOwner: e.EVENTS_MAX_STREAMS_PER_OWNER,
      maxStreamsPerToken: e.EVENTS_MAX_STREAMS_PER_TOKEN,
      maxStreams: e.EVENTS_MAX_STREAMS,
      // A revoked token's streams end within the token cache's window, as its requests do (at least 100 ms apart).
      tokenRecheckMs: e.EVENTS_TOKEN_RECHECK_MS ?? Math.max(100, e.TOKEN_CACHE_MS),
      maxStreamMs: e.EVENTS_MAX_STREAM_SECONDS * 1000,
    },
    authFailures: {
      failuresPerWindow: e.AUTH_FAILURES_PER_WINDOW,
      windowSeconds: e.AUTH_FAILURE_WINDOW_SECONDS,
      blockSeconds: e.AUTH_BLOCK_SECONDS,
    },
    trustProxy: e.TRUST_PROXY,
    limits: {
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      maxUnfinishedJobs: e.MAX_UNFINISHED_JOBS_PER_OWNER,
      maxSchedules: e.MAX_SCHEDULES_PER_OWNER,
    },
  });
}

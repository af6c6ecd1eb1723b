/** `createJobline`: the client's one entry point. */
import { streamEvents, type EventStreamOptions } from "./event-stream";
import { createHttpClient } from "./http-client";
import type { JobEvent, JobEventType } from "./job";
import { createJobsApi, type JobsApi } from "./jobs-api";
import { defaultRetry, type RetryOptions } from "./retry-policy";
import { createSchedulesApi, type SchedulesApi } from "./schedules-api";
import { createWebhookSecretApi, type WebhookSecretApi } from "./webhook-secret-api";

export interface JoblineOptions {
  /** Where the API is, e.g. `https://jobs.example.com` (without `/v1`). */
  baseUrl: string;
  /** An API key (`jl_…`). */
  token: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Sending a request again after `429`, `503` or a network failure. Default `{ attempts: 3, maxDelayMs: 30000 }`:
   * a `429` always (the API did nothing); the others only for GETs and requests with an idempotency key, where a
   * repeat cannot do the work twice. `false`: never.
   */
  retry?: RetryOptions | false;
  /** Sent as `User-Agent` where the platform allows it (not in browsers). */
  userAgent?: string;
  /** How long one request (not a stream, not a wait) may take. Default 30 s. */
  requestTimeoutMs?: number;
}

export interface Jobline {
  jobs: JobsApi;
  schedules: SchedulesApi;
  webhookSecret: WebhookSecretApi;
  events: {
    /** Every event of your jobs (an admin token: of everyone's), live, for as long as you iterate. */
    all(options?: EventStreamOptions & { type?: JobEventType }): AsyncGenerator<JobEvent>;
  };
}

export function createJobline(options: JoblineOptions): Jobline {
  const http = createHttpClient({
    baseUrl: options.baseUrl,
    token: options.token,
    // Called unbound: some platforms' fetch throws "Illegal invocation" when called as a method of another object.
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    retry: options.retry ?? defaultRetry,
    userAgent: options.userAgent,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  });
  return {
    jobs: createJobsApi(http),
    schedules: createSchedulesApi(http),
    webhookSecret: createWebhookSecretApi(http),
    events: {
      all: ({ type, ...stream } = {}) => streamEvents(http, { ...stream, path: "v1/events", query: { type } }),
    },
  };
}

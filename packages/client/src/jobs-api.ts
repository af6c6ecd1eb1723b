/** `jobs`: submit, read, list, cancel, re-drive, promote, follow and wait for jobs, typed per job type. */
import { isTerminalJobEvent, type MetadataSchema } from "@jobline/contract";
import type { z } from "zod";
import { streamEvents, type EventStreamOptions } from "./event-stream";
import type { HttpClient } from "./http-client";
import type { AnyJob, Delivery, Job, JobEvent, JobPayloadInput, JobStatus, JobType, Page, WorkQueueName } from "./job";
import { waitForJob, type WaitOptions } from "./wait-for-job";

export type Metadata = z.input<typeof MetadataSchema>;

/** A job's options besides its type and payload (`POST /v1/jobs`). */
export interface JobOptions {
  /** 0..100; higher runs sooner. */
  priority?: number;
  /** Run at this time; or `delayMs` from now. Not both. */
  runAt?: string | Date;
  delayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Receives a signed `POST` when the job finishes. */
  callbackUrl?: string;
  metadata?: Metadata;
}

export interface RequestControl {
  /** Makes the submission safe to send again (and lets the client retry it): the API answers a repeat with the first job. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** One job of a batch, typed by its `type`. */
export type JobSubmission = { [T in JobType]: { type: T; payload: JobPayloadInput<T> } & JobOptions }[JobType];

export interface JobFilters {
  /** One status, or several (any of them). */
  status?: JobStatus | readonly JobStatus[];
  type?: JobType;
  queue?: WorkQueueName;
  scheduleId?: string;
  createdAfter?: string | Date;
  createdBefore?: string | Date;
  /** Exact matches on metadata values, all of them. */
  metadata?: Record<string, string>;
  /** Text in the error message. */
  q?: string;
  /** Jobs per page, 1..100. */
  limit?: number;
  signal?: AbortSignal;
}

type JobsOf<F extends JobFilters> = F extends { type: infer T extends JobType } ? Job<T> : AnyJob;

export interface JobsApi {
  create<T extends JobType>(type: T, payload: JobPayloadInput<T>, options?: JobOptions & RequestControl): Promise<Job<T>>;
  createBatch(jobs: readonly JobSubmission[], options?: RequestControl): Promise<AnyJob[]>;
  get(id: string, options?: { signal?: AbortSignal }): Promise<AnyJob>;
  /** Every matching job, newest first, page after page as you iterate. */
  list<F extends JobFilters>(filters?: F): AsyncGenerator<JobsOf<F>>;
  /** One page; pass its `nextCursor` back for the next. */
  listPage<F extends JobFilters>(filters?: F & { cursor?: string }): Promise<Page<JobsOf<F>>>;
  cancel(id: string, options?: { signal?: AbortSignal }): Promise<AnyJob>;
  /** Re-drives a failed or cancelled job, optionally with a new payload. */
  retry(id: string, options?: { payload?: unknown; signal?: AbortSignal }): Promise<AnyJob>;
  /** Cuts a job's wait short: a scheduled job runs now, a retrying one skips the rest of its backoff. */
  promote(id: string, options?: { signal?: AbortSignal }): Promise<AnyJob>;
  /** The job's events, live, until its terminal event. */
  events(id: string, options?: EventStreamOptions): AsyncGenerator<JobEvent>;
  /** The job once finished (completed, failed or cancelled): streamed, or polled when streams do not get through. */
  wait<T extends JobType>(job: Job<T>, options?: WaitOptions): Promise<Job<T>>;
  wait(id: string, options?: WaitOptions): Promise<AnyJob>;
  /** The job's webhook delivery attempts. */
  deliveries(id: string, options?: { signal?: AbortSignal }): Promise<Delivery[]>;
}

function jobPath(id: string, action = ""): string {
  return `v1/jobs/${encodeURIComponent(id)}${action}`;
}

function requestBody(type: string, payload: unknown, options: JobOptions): Record<string, unknown> {
  const { priority, runAt, delayMs, maxAttempts, timeoutMs, callbackUrl, metadata } = options;
  return {
    type,
    payload,
    priority,
    runAt: runAt instanceof Date ? runAt.toISOString() : runAt,
    delayMs,
    maxAttempts,
    timeoutMs,
    callbackUrl,
    metadata,
  };
}

function idempotencyHeaders(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { "Idempotency-Key": key };
}

function listQuery(filters: JobFilters & { cursor?: string }): Record<string, string | number | readonly string[] | undefined> {
  const iso = (value: string | Date | undefined) => (value instanceof Date ? value.toISOString() : value);
  const query: Record<string, string | number | readonly string[] | undefined> = {
    status: filters.status,
    type: filters.type,
    queue: filters.queue,
    scheduleId: filters.scheduleId,
    createdAfter: iso(filters.createdAfter),
    createdBefore: iso(filters.createdBefore),
    q: filters.q,
    limit: filters.limit,
    cursor: filters.cursor,
  };
  for (const [key, value] of Object.entries(filters.metadata ?? {})) query[`metadata.${key}`] = value;
  return query;
}

export function createJobsApi(http: HttpClient): JobsApi {
  const listPage = <F extends JobFilters>(filters: F & { cursor?: string } = {} as F) =>
    http.json<Page<JobsOf<F>>>("GET", "v1/jobs", { query: listQuery(filters), signal: filters.signal });

  return {
    create: (type, payload, options = {}) =>
      http.json("POST", "v1/jobs", {
        body: requestBody(type, payload, options),
        headers: idempotencyHeaders(options.idempotencyKey),
        signal: options.signal,
      }),

    async createBatch(jobs, options = {}) {
      const body = { jobs: jobs.map(({ type, payload, ...rest }) => requestBody(type, payload, rest)) };
      const page = await http.json<{ data: AnyJob[] }>("POST", "v1/jobs/batch", {
        body,
        headers: idempotencyHeaders(options.idempotencyKey),
        signal: options.signal,
      });
      return page.data;
    },

    get: (id, options = {}) => http.json("GET", jobPath(id), options),

    async *list<F extends JobFilters>(filters?: F): AsyncGenerator<JobsOf<F>> {
      let cursor: string | undefined;
      do {
        const page = await listPage<F>({ ...filters, cursor } as F & { cursor?: string });
        yield* page.data;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },

    listPage,

    cancel: (id, options = {}) => http.json("POST", jobPath(id, "/cancel"), options),

    retry: (id, { payload, signal } = {}) =>
      http.json("POST", jobPath(id, "/retry"), { body: payload === undefined ? undefined : { payload }, signal }),

    promote: (id, options = {}) => http.json("POST", jobPath(id, "/promote"), options),

    events: (id, options = {}) =>
      streamEvents(http, { ...options, path: jobPath(id, "/events"), isLast: (event) => isTerminalJobEvent(event) }),

    wait: (job: string | AnyJob, options?: WaitOptions) => waitForJob(http, typeof job === "string" ? job : job.id, options),

    async deliveries(id, options = {}) {
      return (await http.json<{ data: Delivery[] }>("GET", jobPath(id, "/deliveries"), options)).data;
    },
  };
}

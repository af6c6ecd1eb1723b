/**
 * The event document of the REST contract (`docs/api.md`, Events): one per committed change of a job, numbered by
 * the order of its commit. Both the stored timeline (JSON) and live streams (SSE) send this shape, built by the pure
 * mappings below from what the door announces or what the timeline stores, so a replayed event and the same event
 * received live are identical.
 */
import { z } from "zod";
import { queryInteger } from "./query-integer";
import { storableText } from "./storable-value";
import { JobErrorSchema, type JobError } from "./job-resource";
import { JobStatusSchema, isTerminal, type JobStatus } from "./job-status";
import { limits } from "./limits";

export const jobEventTypes = [
  "job.queued",
  "job.scheduled",
  "job.started",
  "job.progress",
  "job.retrying",
  "job.completed",
  "job.failed",
  "job.cancelled",
  "job.redriven",
] as const;
export const JobEventTypeSchema = z.enum(jobEventTypes);
export type JobEventType = z.infer<typeof JobEventTypeSchema>;

export const JobEventSchema = z.object({
  /** The event's place in the order of commits (a decimal integer); SSE's `id:` and `Last-Event-ID`. */
  id: z.string().regex(/^[0-9]+$/),
  jobId: z.uuid(),
  type: JobEventTypeSchema,
  /** The job's status once the event happened. */
  status: JobStatusSchema,
  attempt: z.number().int(),
  /** The progress the event set: the reported value, 0 when (re-)queued, 100 when completed; null when it set none. */
  progress: z.number().nullable(),
  /** For `job.retrying` and `job.failed`: the error as the job resource shows it; null otherwise. */
  error: JobErrorSchema.nullable(),
  at: z.iso.datetime(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

/** The stored timeline, oldest first. */
export const JobEventPageSchema = z.object({ data: z.array(JobEventSchema), nextCursor: z.string().nullable() });

/** An event id as `Last-Event-ID` carries it (header, or `?lastEventId=` for clients that cannot set headers). */
export const LastEventIdSchema = z
  .string()
  .regex(/^[0-9]{1,19}$/, "must be an event id (a decimal integer)")
  // Ids are Postgres bigints: a larger number would fail the query rather than mean "after everything".
  // (zod runs this even when the pattern failed, hence the test before BigInt)
  .refine((id) => !/^[0-9]+$/.test(id) || BigInt(id) <= 9_223_372_036_854_775_807n, "is larger than any event id");

/** Query of `GET /v1/jobs/{id}/events`: the JSON timeline pages with `limit`/`cursor`; a stream resumes after `lastEventId`. */
export const JobEventsQuerySchema = z
  .object({
    limit: queryInteger(1, limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
    lastEventId: LastEventIdSchema.optional(),
  })
  .strict();

/** Query of `GET /v1/events`: only events of jobs of `type`, if given. */
export const EventStreamQuerySchema = z
  .object({
    type: storableText(1, 100).optional(),
    lastEventId: LastEventIdSchema.optional(),
  })
  .strict();

/** What kind of write an event records: a job's creation, a status change, or a progress report. */
export type JobEventKind = "created" | "status" | "progress";

/** One change of a job, as the door announces it after the commit. */
export interface JobEventFacts {
  seq: string;
  jobId: string;
  kind: JobEventKind;
  status: JobStatus;
  attempt: number;
  progress: number;
  error: JobError | null;
  at: Date;
}

/** One row of the stored timeline (`job_events`): status changes only; `detail` as the door wrote it. */
export interface StoredJobEventRow {
  id: string;
  jobId: string;
  status: JobStatus;
  attempt: number;
  detail: unknown;
  createdAt: Date;
}

const statusEventTypes: Record<JobStatus, JobEventType> = {
  // A status change back to `queued` is only ever a re-drive; a job is created `queued` or `scheduled`.
  queued: "job.redriven",
  scheduled: "job.scheduled",
  running: "job.started",
  retrying: "job.retrying",
  completed: "job.completed",
  failed: "job.failed",
  cancelled: "job.cancelled",
};

export function jobEventTypeOf(kind: JobEventKind, status: JobStatus): JobEventType {
  if (kind === "progress") return "job.progress";
  if (kind === "created") return status === "scheduled" ? "job.scheduled" : "job.queued";
  return statusEventTypes[status];
}

function progressSetBy(type: JobEventType, reported: number): number | null {
  switch (type) {
    case "job.progress":
      return reported;
    case "job.completed":
      return 100;
    case "job.queued":
    case "job.scheduled":
    case "job.redriven":
      return 0;
    default:
      return null;
  }
}

function errorShownFor(type: JobEventType, error: JobError | null): JobError | null {
  return type === "job.retrying" || type === "job.failed" ? error : null;
}

export function toJobEvent(facts: JobEventFacts): JobEvent {
  const type = jobEventTypeOf(facts.kind, facts.status);
  return {
    id: facts.seq,
    jobId: facts.jobId,
    type,
    status: facts.status,
    attempt: facts.attempt,
    progress: progressSetBy(type, facts.progress),
    error: errorShownFor(type, facts.error),
    at: facts.at.toISOString(),
  };
}

/** The client-facing part of a stored error detail (which also keeps the stack, for operators). */
function publicErrorOf(detail: unknown): JobError | null {
  const parsed = JobErrorSchema.safeParse(detail);
  if (!parsed.success) return null;
  const { message, name, attempt } = parsed.data;
  return { message, name, attempt };
}

function isRedrive(detail: unknown): boolean {
  return typeof detail === "object" && detail !== null && (detail as { redriven?: unknown }).redriven === true;
}

export function storedJobEvent(row: StoredJobEventRow): JobEvent {
  const kind: JobEventKind = row.status === "scheduled" || (row.status === "queued" && !isRedrive(row.detail)) ? "created" : "status";
  return toJobEvent({
    seq: row.id,
    jobId: row.jobId,
    kind,
    status: row.status,
    attempt: row.attempt,
    progress: 0,
    error: publicErrorOf(row.detail),
    at: row.createdAt,
  });
}

/** The last event a job's stream sends: the job reached a terminal status. */
export function isTerminalJobEvent(event: Pick<JobEvent, "type" | "status">): boolean {
  return event.type !== "job.progress" && isTerminal(event.status);
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so it cannot
 * drift from what the API accepts. OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod emits.
 */
import { EventStreamQuerySchema, JobEventPageSchema, JobEventSchema, JobEventsQuerySchema, JobResourceSchema, ListJobsQuerySchema, SubmitJobBodySchema, type JobCatalogue } from "@jobline/jobs";
import { CreateScheduleBodySchema, ListSchedulesQuerySchema, PatchScheduleBodySchema, ScheduleResourceSchema } from "@jobline/jobs";
import { WebhookBodySchema, WebhookDeliveryLogSchema, WebhookSecretSchema } from "@jobline/jobs";
import { AuditPageSchema, ListAuditQuerySchema } from "@jobline/jobs";
import { z } from "zod";

const jsonSchema = (schema: z.ZodType, io: "input" | "output" = "output"): Record<string, unknown> => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** One variant per job type, so a client sees which payload goes with which `type`. */
function submitRequestSchema(catalogue: JobCatalogue): Record<string, unknown> {
  const options = jsonSchema(SubmitJobBodySchema, "input");
  return {
    oneOf: catalogue.types.map((type) => ({
      title: type,
      allOf: [
        options,
        { type: "object", properties: { type: { const: type }, payload: jsonSchema(catalogue.get(type)!.payload, "input") }, required: ["type"] },
      ],
    })),
  };
}

function queryParameters(query: z.ZodType = ListJobsQuerySchema): unknown[] {
  const schema = jsonSchema(query, "input") as { properties: Record<string, unknown> };
  return Object.entries(schema.properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));
}

const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Repeating a request with the same key and body within 24 h answers with the first request's jobs",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};
const lastEventIdHeader = {
  name: "Last-Event-ID",
  in: "header",
  required: false,
  description: "Resume a stream after this event (what an EventSource sends when it reconnects); `?lastEventId=` does the same",
  schema: { type: "string", pattern: "^[0-9]{1,19}$" },
};
const eventStream = (description: string) => ({
  description: `${description}. Each event: \`id: <id>\`, \`event: <type>\`, \`data: <Event as JSON>\`; a \`: keep-alive\` comment every 15 s`,
  content: { "text/event-stream": { schema: ref("Event") } },
});
const common = { 401: problem("missing, unknown or revoked token"), 403: problem("the token lacks the scope") };

export function openApiDocument(catalogue: JobCatalogue): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Jobline", version: "1.0.0", description: "Submit background jobs over REST; poll them for status, progress and result." },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key: `pnpm run token create …`" } },
      schemas: {
        Job: jsonSchema(JobResourceSchema),
        SubmitJobRequest: submitRequestSchema(catalogue),
        Problem: jsonSchema(ProblemSchema),
        Event: jsonSchema(JobEventSchema),
        WebhookBody: jsonSchema(WebhookBodySchema),
        AuditPage: jsonSchema(AuditPageSchema),
        WebhookDeliveryLog: jsonSchema(WebhookDeliveryLogSchema),
        WebhookSecret: jsonSchema(WebhookSecretSchema),
        Schedule: jsonSchema(ScheduleResourceSchema),
        CreateScheduleRequest: jsonSchema(CreateScheduleBodySchema, "input"),
        PatchScheduleRequest: jsonSchema(PatchScheduleBodySchema, "input"),
      },
    },
    paths: {
      "/v1/jobs": {
        post: {
          summary: "Submit a job (scope jobs:write)",
          parameters: [idempotencyKeyParameter],
          requestBody: { required: true, content: json(ref("SubmitJobRequest")) },
          responses: {
            200: { description: "the same Idempotency-Key and body within 24 h: the first job", content: json(ref("Job")) },
            202: { description: "accepted; `Location` names the job", content: json(ref("Job")) },
            409: problem("the Idempotency-Key was used for a different request"),
            ...common,
            413: problem("body or payload too large"),
            415: problem("not JSON"),
            422: problem("validation failed; `errors` lists each path"),
            503: problem("Postgres or Redis is unavailable"),
          },
        },
        get: {
          summary: "List jobs, newest first (scope jobs:read)",
          parameters: queryParameters(),
          responses: {
            200: { description: "a page", content: json({ type: "object", properties: { data: { type: "array", items: ref("Job") }, nextCursor: { type: ["string", "null"] } } }) },
            ...common,
            422: problem("bad filter, limit or cursor"),
          },
        },
      },
      "/v1/jobs/batch": {
        post: {
          summary: "Submit up to 500 jobs at once; one invalid item rejects them all (scope jobs:write)",
          parameters: [idempotencyKeyParameter],
          requestBody: { required: true, content: json({ type: "object", properties: { jobs: { type: "array", maxItems: 500, items: ref("SubmitJobRequest") } }, required: ["jobs"] }) },
          responses: {
            200: { description: "the same Idempotency-Key and batch within 24 h: the first batch's jobs", content: json({ type: "object", properties: { data: { type: "array", items: ref("Job") } } }) },
            202: { description: "accepted", content: json({ type: "object", properties: { data: { type: "array", items: ref("Job") } } }) },
            ...common,
            409: problem("the Idempotency-Key was used for a different request"),
            422: problem("an item is invalid"),
          },
        },
      },
      "/v1/jobs/{id}": {
        get: { summary: "Read a job (scope jobs:read)", parameters: [idParameter], responses: { 200: { description: "the job", content: json(ref("Job")) }, ...common, 404: problem("unknown, or another owner's") } },
      },
      "/v1/jobs/{id}/events": {
        get: {
          summary: "The job's events (scope jobs:read): the stored timeline as JSON, oldest first, or with `Accept: text/event-stream` a stream that replays, goes live and ends after the terminal event",
          parameters: [idParameter, lastEventIdHeader, ...queryParameters(JobEventsQuerySchema)],
          responses: {
            200: {
              ...eventStream("the timeline, or the stream"),
              content: { ...json(jsonSchema(JobEventPageSchema)), ...eventStream("").content },
            },
            ...common,
            404: problem("unknown, or another owner's"),
            422: problem("bad limit, cursor or Last-Event-ID"),
          },
        },
      },
      "/v1/events": {
        get: {
          summary: "A stream of every event of the caller's jobs (admin: every owner's), for dashboards (scope jobs:read)",
          parameters: [lastEventIdHeader, ...queryParameters(EventStreamQuerySchema)],
          responses: { 200: eventStream("live events; resumed with Last-Event-ID, the last hour's stored events after it (at most 1,000) first"), ...common, 422: problem("bad type or Last-Event-ID") },
        },
      },
      "/v1/jobs/{id}/cancel": {
        post: {
          summary: "Cancel a job: removed from its queue, or its running attempt aborted (scope jobs:write)",
          parameters: [idParameter],
          responses: { 200: { description: "now cancelled", content: json(ref("Job")) }, ...common, 404: problem("unknown, or another owner's"), 409: problem("already finished") },
        },
      },
      "/v1/jobs/{id}/retry": {
        post: {
          summary: "Re-drive a failed or cancelled job with attempts reset (scope jobs:write)",
          parameters: [idParameter],
          responses: { 202: { description: "queued again", content: json(ref("Job")) }, ...common, 404: problem("unknown, or another owner's"), 409: problem("not failed or cancelled") },
        },
      },
      "/v1/schedules": {
        post: {
          summary: "Create a recurring job: exactly one of `cron` (5 fields, or 6 with seconds) and `everyMs` (scope jobs:write)",
          requestBody: { required: true, content: json(ref("CreateScheduleRequest")) },
          responses: {
            201: { description: "created; `Location` names the schedule. Its scheduler is installed at once, or by the worker's restorer if Redis is away", content: json(ref("Schedule")) },
            ...common,
            409: problem("the owner has a schedule of that name"),
            415: problem("not JSON"),
            422: problem("validation failed (bad cron expression or time zone, payload that fails the type's schema); `errors` lists each path"),
          },
        },
        get: {
          summary: "List schedules, newest first: the owner's own, an admin's every owner's (scope jobs:read)",
          parameters: queryParameters(ListSchedulesQuerySchema),
          responses: { 200: { description: "a page", content: json({ type: "object", properties: { data: { type: "array", items: ref("Schedule") }, nextCursor: { type: ["string", "null"] } } }) }, ...common, 422: problem("bad limit or cursor") },
        },
      },
      "/v1/schedules/{id}": {
        get: { summary: "Read a schedule (scope jobs:read)", parameters: [idParameter], responses: { 200: { description: "the schedule", content: json(ref("Schedule")) }, ...common, 404: problem("unknown, or another owner's") } },
        patch: {
          summary: "Change or pause a schedule; `cron` replaces `everyMs` and the other way round (scope jobs:write)",
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref("PatchScheduleRequest")) },
          responses: { 200: { description: "the schedule as changed", content: json(ref("Schedule")) }, ...common, 404: problem("unknown, or another owner's"), 409: problem("the new name is taken"), 422: problem("validation failed") },
        },
        delete: {
          summary: "Delete a schedule; its runs stay, with `scheduleId` null (scope jobs:write)",
          parameters: [idParameter],
          responses: { 204: { description: "deleted" }, ...common, 404: problem("unknown, or another owner's") },
        },
      },
      "/v1/jobs/{id}/deliveries": {
        get: {
          summary: "The job's webhook delivery log, oldest first: one entry per attempt, plus a pending entry for a delivery waiting for its next attempt (scope jobs:read). Each POST's body is a WebhookBody",
          parameters: [idParameter],
          responses: { 200: { description: "the log", content: json(ref("WebhookDeliveryLog")) }, ...common, 404: problem("unknown, or another owner's") },
        },
      },
      "/v1/webhook-secret": {
        get: {
          summary: "The owner's webhook signing secret (scope jobs:write)",
          responses: { 200: { description: "the secret", content: json(ref("WebhookSecret")) }, ...common },
        },
      },
      "/v1/webhook-secret/rotate": {
        post: {
          summary: "A new signing secret; for 24 h deliveries carry a second signature made with the previous one (scope jobs:write)",
          responses: { 200: { description: "the new secret", content: json(ref("WebhookSecret")) }, ...common },
        },
      },
      "/v1/audit": {
        get: {
          summary: "Operator actions, newest first: re-drives, cancellations by an admin, token and limit changes, dashboard actions (scope admin)",
          parameters: queryParameters(ListAuditQuerySchema),
          responses: { 200: { description: "a page", content: json(ref("AuditPage")) }, ...common, 422: problem("bad limit, cursor or action") },
        },
      },
      "/v1/job-types": { get: { summary: "The job types this deployment runs, with payload schemas (scope jobs:read)", responses: { 200: { description: "the catalogue" }, ...common } } },
      "/v1/queues": { get: { summary: "Counts of the cpu, gpu and dead-letter queues (scope admin)", responses: { 200: { description: "counts" }, ...common } } },
      "/healthz": { get: { summary: "Liveness", security: [], responses: { 200: { description: "the process runs" } } } },
      "/readyz": { get: { summary: "Readiness: Postgres and Redis answer", security: [], responses: { 200: { description: "ready" }, 503: problem("which dependency is down") } } },
    },
  };
}

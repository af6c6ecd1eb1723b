/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, so it cannot
 * drift from what the API accepts. OpenAPI 3.1 speaks JSON Schema 2020-12, which is what zod emits.
 */
import { JobResourceSchema, ListJobsQuerySchema, SubmitJobBodySchema, type JobCatalogue } from "@jobline/jobs";
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

function queryParameters(): unknown[] {
  const schema = jsonSchema(ListJobsQuerySchema, "input") as { properties: Record<string, unknown> };
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
      "/v1/job-types": { get: { summary: "The job types this deployment runs, with payload schemas (scope jobs:read)", responses: { 200: { description: "the catalogue" }, ...common } } },
      "/v1/queues": { get: { summary: "Counts of the cpu, gpu and dead-letter queues (scope admin)", responses: { 200: { description: "counts" }, ...common } } },
      "/healthz": { get: { summary: "Liveness", security: [], responses: { 200: { description: "the process runs" } } } },
      "/readyz": { get: { summary: "Readiness: Postgres and Redis answer", security: [], responses: { 200: { description: "ready" }, 503: problem("which dependency is down") } } },
    },
  };
}

/** Submitting, reading, listing, cancelling and re-driving jobs. */
import { JobResourceSchema, ListJobsFiltersSchema, SubmitJobBodySchema, type JobCatalogue } from "@jobline/jobs";
import { common, idParameter, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Repeating a request with the same key and body within 24 h answers with the first request's jobs",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

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

export function jobsSection(catalogue: JobCatalogue): OpenApiSection {
  return {
    schemas: {
      Job: jsonSchema(JobResourceSchema),
      SubmitJobRequest: submitRequestSchema(catalogue),
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
          parameters: queryParameters(ListJobsFiltersSchema),
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
    },
  };
}

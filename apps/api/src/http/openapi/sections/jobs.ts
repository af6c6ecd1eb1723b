/** Submitting, reading, listing, cancelling, re-driving and promoting jobs. */
import { JobResourceSchema, ListJobsFiltersSchema, RetryJobBodySchema, SubmitJobBodySchema, type JobCatalogue } from "@jobline/contract";
import {
  bodyProblems,
  common,
  submitLimited,
  idParameter,
  json,
  jsonSchema,
  jsonWithExamples,
  locationHeader,
  pageOf,
  problem,
  queryParameters,
  ref,
  type OpenApiSection,
} from "../openapi-parts";

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Repeating a request with the same key and body within 24 h answers with the first request's jobs",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

/**
 * One variant per job type, so a client sees which payload goes with which `type`. The payload may be left out only
 * when the type accepts the default, `{}`.
 */
function submitRequestSchema(catalogue: JobCatalogue): Record<string, unknown> {
  const options = jsonSchema(SubmitJobBodySchema, "input");
  return {
    oneOf: catalogue.types.map((type) => {
      const payload = catalogue.get(type)!.payload;
      const required = payload.safeParse({}).success ? ["type"] : ["type", "payload"];
      return {
        title: type,
        allOf: [options, { type: "object", properties: { type: { const: type }, payload: jsonSchema(payload, "input") }, required }],
      };
    }),
  };
}

/** `metadata.<key>=<value>`: a family of parameters OpenAPI has no style for; described by one of them. */
const metadataParameter = {
  name: "metadata.<key>",
  in: "query",
  required: false,
  description:
    "Jobs whose metadata has exactly this value under `<key>` (e.g. `metadata.region=eu`); repeat with other keys, all must match. A value that spells a number, boolean or null also matches that stored value.",
  schema: { type: "string", maxLength: 512 },
};

/** One variant per job type: its payload as the handler got it, and its result once completed (null before). */
function jobSchema(catalogue: JobCatalogue): Record<string, unknown> {
  return {
    oneOf: catalogue.types.map((type) => {
      const definition = catalogue.get(type)!;
      const properties = {
        type: { const: type },
        payload: jsonSchema(definition.payload),
        result: { anyOf: [jsonSchema(definition.result), { type: "null" }] },
      };
      return { title: type, allOf: [ref("JobFields"), { type: "object", properties, required: ["type", "payload", "result"] }] };
    }),
  };
}

/** A payload report.generate accepts: the examples use the one type every deployment runs. */
export const reportPayload = {
  title: "Q3 revenue",
  groupBy: "region",
  measures: ["revenue"],
  rows: [
    { region: "north", revenue: 120 },
    { region: "north", revenue: 80 },
    { region: "south", revenue: 50 },
  ],
};

const submitExamples = {
  now: { summary: "A report, run as soon as a worker is free", value: { type: "report.generate", payload: reportPayload } },
  later: {
    summary: "The same report in a minute, with a label",
    value: { type: "report.generate", payload: reportPayload, delayMs: 60_000, metadata: { team: "finance" } },
  },
};

const retryExamples = {
  asItWas: { summary: "With the payload it had", value: {} },
  corrected: {
    summary: "With a corrected payload (checked against the job's type)",
    value: { payload: { ...reportPayload, format: "csv" } },
  },
};

const submitted = (description: string) => ({ description, headers: locationHeader, content: json(ref("Job")) });
const notFound = problem("unknown, or another owner's");

export function jobsSection(catalogue: JobCatalogue): OpenApiSection {
  return {
    tag: { name: "jobs", description: "Submit, read, list, cancel, promote and retry jobs" },
    schemas: {
      JobFields: jsonSchema(JobResourceSchema),
      Job: jobSchema(catalogue),
      JobPage: pageOf(ref("Job")),
      JobList: { type: "object", properties: { data: { type: "array", items: ref("Job") } }, required: ["data"] },
    },
    // Request bodies live here rather than among the schemas: generators then keep fields with defaults optional.
    requestBodies: {
      SubmitJob: { required: true, content: jsonWithExamples(submitRequestSchema(catalogue), submitExamples) },
      SubmitJobBatch: {
        required: true,
        content: jsonWithExamples(
          {
            type: "object",
            properties: { jobs: { type: "array", minItems: 1, maxItems: 500, items: submitRequestSchema(catalogue) } },
            required: ["jobs"],
          },
          {
            twoReports: {
              summary: "Two reports, one as Markdown and one as CSV",
              value: { jobs: [submitExamples.now.value, { type: "report.generate", payload: { ...reportPayload, format: "csv" } }] },
            },
          },
        ),
      },
    },
    paths: {
      "/v1/jobs": {
        post: {
          operationId: "submitJob",
          summary: "Submit a job",
          description:
            "Scope jobs:write. The job is recorded, then queued; `Location` names it. `runAt` or `delayMs` (not both) makes it wait; the payload is checked against its type's schema.",
          parameters: [idempotencyKeyParameter],
          requestBody: { $ref: "#/components/requestBodies/SubmitJob" },
          responses: {
            200: submitted("the same Idempotency-Key and body within 24 h: the first job"),
            202: submitted("accepted; `Location` names the job"),
            409: problem("the Idempotency-Key was used for a different request"),
            ...common,
            429: submitLimited,
            ...bodyProblems,
            413: problem("body or payload too large"),
          },
        },
        get: {
          operationId: "listJobs",
          summary: "List jobs",
          description: "Scope jobs:read. The owner's jobs (an admin's: every owner's), newest first, filtered and paged.",
          parameters: [...queryParameters(ListJobsFiltersSchema.omit({ metadata: true })), metadataParameter],
          responses: {
            200: { description: "a page", content: json(ref("JobPage")) },
            ...common,
            422: problem("bad filter, limit or cursor"),
          },
        },
      },
      "/v1/jobs/batch": {
        post: {
          operationId: "submitJobBatch",
          summary: "Submit a batch of jobs",
          description: "Scope jobs:write. Up to 500 jobs at once; one invalid item rejects them all.",
          parameters: [idempotencyKeyParameter],
          requestBody: { $ref: "#/components/requestBodies/SubmitJobBatch" },
          responses: {
            200: { description: "the same Idempotency-Key and batch within 24 h: the first batch's jobs", content: json(ref("JobList")) },
            202: { description: "accepted, in the order sent", content: json(ref("JobList")) },
            ...common,
            429: submitLimited,
            409: problem("the Idempotency-Key was used for a different request"),
            ...bodyProblems,
            422: problem("an item is invalid; `errors` paths start with `jobs.<index>`"),
          },
        },
      },
      "/v1/jobs/{id}": {
        get: {
          operationId: "getJob",
          summary: "Get a job",
          description: "Scope jobs:read.",
          parameters: [idParameter],
          responses: { 200: { description: "the job", content: json(ref("Job")) }, ...common, 404: notFound },
        },
      },
      "/v1/jobs/{id}/cancel": {
        post: {
          operationId: "cancelJob",
          summary: "Cancel a job",
          description: "Scope jobs:write. A waiting job leaves its queue; a running attempt is aborted through its signal.",
          parameters: [idParameter],
          responses: {
            200: { description: "now cancelled", content: json(ref("Job")) },
            ...common,
            404: notFound,
            409: problem("already finished"),
          },
        },
      },
      "/v1/jobs/{id}/promote": {
        post: {
          operationId: "promoteJob",
          summary: "Run a waiting job now",
          description:
            "Scope jobs:write. Cuts a job's wait short: a scheduled job runs now (runAt cleared, still scheduled), a retrying one skips the rest of its backoff.",
          parameters: [idParameter],
          responses: {
            200: { description: "the job as the promote left it", content: json(ref("Job")) },
            ...common,
            404: notFound,
            409: problem("neither scheduled nor retrying: no wait to cut short"),
          },
        },
      },
      "/v1/jobs/{id}/retry": {
        post: {
          operationId: "retryJob",
          summary: "Retry a failed or cancelled job",
          description: "Scope jobs:write. The job goes back to its queue with attempts reset, optionally with a corrected payload.",
          parameters: [idParameter],
          requestBody: { required: false, content: jsonWithExamples(jsonSchema(RetryJobBodySchema, "input"), retryExamples) },
          responses: {
            202: { description: "queued again", content: json(ref("Job")) },
            ...common,
            404: notFound,
            409: problem("not failed or cancelled"),
            ...bodyProblems,
            413: problem("the payload is too large"),
            422: problem("the payload fails the job type's schema; `errors` paths start with `payload`"),
          },
        },
      },
    },
  };
}

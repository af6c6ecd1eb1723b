/**
 * The OpenAPI 3.1 document, assembled from one section per resource (`sections/`): a new resource adds its file
 * and one line here.
 */
import type { JobCatalogue } from "@jobline/contract";
import { jsonSchema, liftDefinitions, ProblemSchema, type OpenApiSection } from "./openapi-parts";
import { auditSection } from "./sections/audit";
import { deadLettersSection } from "./sections/dead-letters";
import { eventsSection } from "./sections/events";
import { jobsSection } from "./sections/jobs";
import { ownersSection } from "./sections/owners";
import { schedulesSection } from "./sections/schedules";
import { serviceSection } from "./sections/service";
import { tokensSection } from "./sections/tokens";
import { webhooksSection } from "./sections/webhooks";

export function openApiDocument(catalogue: JobCatalogue): Record<string, unknown> {
  const sections: OpenApiSection[] = [
    jobsSection(catalogue),
    eventsSection(),
    schedulesSection(),
    webhooksSection(),
    auditSection(),
    deadLettersSection(),
    tokensSection(),
    ownersSection(),
    serviceSection(),
  ];
  const document = {
    openapi: "3.1.0",
    info: {
      title: "Jobline",
      version: "1.0.0",
      description:
        "Submit background jobs over REST; follow them by polling, by an event stream or by a signed webhook. Errors are RFC 9457 problem documents. " +
        "A method a path does not have answers 405 with `Allow`; OPTIONS on any path answers 204 with `Allow`. Every answer carries `X-Request-Id`; " +
        "every answer to an authenticated request carries the owner's `RateLimit-*` headers.",
    },
    servers: [{ url: "/" }],
    tags: sections.map((section) => section.tag),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key: `pnpm run token create …`" } },
      schemas: Object.assign({ Problem: jsonSchema(ProblemSchema) }, ...sections.map((section) => section.schemas ?? {})),
      requestBodies: Object.assign({}, ...sections.map((section) => section.requestBodies ?? {})),
      headers: commonHeaders,
    },
    paths: withCommonHeaders(Object.assign({}, ...sections.map(taggedPaths))),
  };
  liftDefinitions(document);
  return document;
}

/** The section's paths with its tag on every operation. */
function taggedPaths(section: OpenApiSection): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(section.paths as Record<string, Record<string, object>>).map(([path, operations]) => [
      path,
      Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, { tags: [section.tag.name], ...operation }])),
    ]),
  );
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

const commonHeaders = {
  "X-Request-Id": {
    description: "The caller's X-Request-Id when it was a sane value, else one made up; carried into the job's worker logs",
    schema: { type: "string" },
  },
  "RateLimit-Limit": { description: "Requests the owner may make per minute", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the current minute", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the current minute ends", schema: { type: "integer" } },
};

type Operation = { responses?: Record<string, Record<string, unknown> & { headers?: Record<string, unknown> }> };

/**
 * Declares on every answer the headers every answer carries: the request id everywhere, the limits under /v1. New
 * objects throughout: sections share response objects (a 401, a 429) between paths.
 */
function withCommonHeaders(paths: Record<string, Record<string, Operation>>): Record<string, Record<string, Operation>> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => {
      const names = path.startsWith("/v1/") ? Object.keys(commonHeaders) : ["X-Request-Id"];
      const declared = Object.fromEntries(names.map((name) => [name, headerRef(name)]));
      return [
        path,
        Object.fromEntries(
          Object.entries(operations).map(([method, operation]) => [
            method,
            {
              ...operation,
              responses: Object.fromEntries(
                Object.entries(operation.responses ?? {}).map(([status, response]) => [
                  status,
                  { ...response, headers: { ...declared, ...response.headers } },
                ]),
              ),
            },
          ]),
        ),
      ];
    }),
  );
}

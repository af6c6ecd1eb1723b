/**
 * The OpenAPI 3.1 document, assembled from one section per resource (`sections/`): a new resource adds its file
 * and one line here.
 */
import type { JobCatalogue } from "@jobline/jobs";
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
    info: { title: "Jobline", version: "1.0.0", description: "Submit background jobs over REST; poll them for status, progress and result." },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key: `pnpm run token create …`" } },
      schemas: Object.assign({ Problem: jsonSchema(ProblemSchema) }, ...sections.map((section) => section.schemas ?? {})),
      requestBodies: Object.assign({}, ...sections.map((section) => section.requestBodies ?? {})),
    },
    paths: Object.assign({}, ...sections.map((section) => section.paths)),
  };
  liftDefinitions(document);
  return document;
}

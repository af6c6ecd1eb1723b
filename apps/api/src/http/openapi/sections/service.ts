/** The job catalogue, queue counts and health checks. */
import { common, problem, type OpenApiSection } from "../openapi-parts";

export function serviceSection(): OpenApiSection {
  return {
    paths: {
      "/v1/job-types": { get: { summary: "The job types this deployment runs, with payload schemas (scope jobs:read)", responses: { 200: { description: "the catalogue" }, ...common } } },
      "/v1/queues": { get: { summary: "Counts of the cpu, gpu and dead-letter queues (scope admin)", responses: { 200: { description: "counts" }, ...common } } },
      "/healthz": { get: { summary: "Liveness", security: [], responses: { 200: { description: "the process runs" } } } },
      "/readyz": { get: { summary: "Readiness: Postgres and Redis answer", security: [], responses: { 200: { description: "ready" }, 503: problem("which dependency is down") } } },
    },
  };
}

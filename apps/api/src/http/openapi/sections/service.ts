/** The job catalogue, queue counts and health checks. */
import { JobTypeListSchema, LivenessSchema, QueueCountsListSchema, ReadinessSchema } from "../../service-resources";
import { common, json, jsonSchema, problem, ref, type OpenApiSection } from "../openapi-parts";

export function serviceSection(): OpenApiSection {
  return {
    schemas: {
      JobTypeList: jsonSchema(JobTypeListSchema),
      QueueCountsList: jsonSchema(QueueCountsListSchema),
    },
    paths: {
      "/v1/job-types": {
        get: {
          operationId: "listJobTypes",
          summary: "The job types this deployment runs, with payload schemas (scope jobs:read)",
          responses: { 200: { description: "the catalogue", content: json(ref("JobTypeList")) }, ...common },
        },
      },
      "/v1/queues": {
        get: {
          operationId: "listQueues",
          summary: "Counts of the cpu, gpu and dead-letter queues (scope admin)",
          responses: { 200: { description: "counts", content: json(ref("QueueCountsList")) }, ...common },
        },
      },
      "/healthz": {
        get: {
          operationId: "checkLiveness",
          summary: "Liveness",
          security: [],
          responses: { 200: { description: "the process runs", content: json(jsonSchema(LivenessSchema)) } },
        },
      },
      "/readyz": {
        get: {
          operationId: "checkReadiness",
          summary: "Readiness: Postgres and Redis answer",
          security: [],
          responses: {
            200: { description: "ready", content: json(jsonSchema(ReadinessSchema)) },
            503: problem("which dependency is down (`checks` says)"),
          },
        },
      },
    },
  };
}

/** The job catalogue, queue counts and health checks. */
import { JobTypeListSchema, LivenessSchema, QueueCountsListSchema, ReadinessSchema } from "../../service-resources";
import { common, json, jsonSchema, problem, ref, type OpenApiSection } from "../openapi-parts";

export function serviceSection(): OpenApiSection {
  return {
    tag: { name: "service", description: "The job catalogue, queue counts and health checks" },
    schemas: {
      JobTypeList: jsonSchema(JobTypeListSchema),
      QueueCountsList: jsonSchema(QueueCountsListSchema),
    },
    paths: {
      "/v1/job-types": {
        get: {
          operationId: "listJobTypes",
          summary: "List job types",
          description: "Scope jobs:read. The job types this deployment runs, with their payload schemas.",
          responses: { 200: { description: "the catalogue", content: json(ref("JobTypeList")) }, ...common },
        },
      },
      "/v1/queues": {
        get: {
          operationId: "listQueues",
          summary: "Count the queues' jobs",
          description: "Scope admin. Counts of the cpu, gpu and dead-letter queues.",
          responses: { 200: { description: "counts", content: json(ref("QueueCountsList")) }, ...common },
        },
      },
      "/healthz": {
        get: {
          operationId: "checkLiveness",
          summary: "Check liveness",
          description: "No token. 200 while the process runs.",
          security: [],
          responses: { 200: { description: "the process runs", content: json(jsonSchema(LivenessSchema)) } },
        },
      },
      "/readyz": {
        get: {
          operationId: "checkReadiness",
          summary: "Check readiness",
          description: "No token. 200 when Postgres and Redis answer.",
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

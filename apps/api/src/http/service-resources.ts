/**
 * The answers of the routes about the deployment itself (job types, queues, health), as zod schemas: the routes
 * build their answers as these types and the OpenAPI document describes them from the same schemas.
 */
import { BackoffPolicySchema, WorkQueueNameSchema } from "@jobline/contract";
import { z } from "zod";

export const JobTypeInfoSchema = z.object({
  type: z.string(),
  queue: WorkQueueNameSchema,
  description: z.string(),
  payloadSchema: z.record(z.string(), z.unknown()).describe("the payload's JSON Schema (2020-12)"),
  defaults: z.object({ maxAttempts: z.number().int(), timeoutMs: z.number().int(), backoff: BackoffPolicySchema }),
});
export const JobTypeListSchema = z.object({ data: z.array(JobTypeInfoSchema) });
export type JobTypeList = z.infer<typeof JobTypeListSchema>;

export const QueueCountsListSchema = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      waiting: z.number().int(),
      active: z.number().int(),
      delayed: z.number().int(),
      completed: z.number().int(),
      failed: z.number().int(),
      paused: z.boolean(),
    }),
  ),
});
export type QueueCountsList = z.infer<typeof QueueCountsListSchema>;

export const LivenessSchema = z.object({ status: z.literal("ok") });
export const ReadinessSchema = z.object({
  status: z.literal("ready"),
  checks: z.object({ postgres: z.literal("ok"), redis: z.literal("ok") }),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

import { z } from "zod";
import { JobStatusSchema } from "./job-status";
import { WorkQueueNameSchema } from "./queue-names";

/** What a client is told about a failure. Stack traces stay with operators (dead-letter queue). */
export const JobErrorSchema = z.object({
  message: z.string(),
  name: z.string(),
  attempt: z.number().int(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const MetadataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** The job resource of the REST contract (`docs/api.md`). */
export const JobResourceSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  queue: WorkQueueNameSchema,
  status: JobStatusSchema,
  payload: z.unknown(),
  priority: z.number().int(),
  progress: z.number(),
  result: z.unknown().nullable(),
  error: JobErrorSchema.nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  timeoutMs: z.number().int(),
  runAt: z.iso.datetime().nullable(),
  idempotencyKey: z.string().nullable(),
  callbackUrl: z.string().nullable(),
  metadata: MetadataSchema,
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  /** The schedule whose run this is; null for a submitted job (or once its schedule was deleted). */
  scheduleId: z.uuid().nullable(),
});
export type JobResource = z.infer<typeof JobResourceSchema>;

export const JobPageSchema = z.object({ data: z.array(JobResourceSchema), nextCursor: z.string().nullable() });
export type JobPage = z.infer<typeof JobPageSchema>;

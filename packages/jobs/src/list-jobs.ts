import { z } from "zod";
import { JobStatusSchema } from "./job-status";
import { limits } from "./limits";
import { nulMessage } from "./submit-job";
import { WorkQueueNameSchema } from "./queue-names";

/** Query of `GET /v1/jobs`. The cursor is opaque to clients. */
export const ListJobsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
    status: JobStatusSchema.optional(),
    type: z.string().min(1).max(100).regex(/^[^\u0000]*$/, nulMessage).optional(),
    queue: WorkQueueNameSchema.optional(),
    scheduleId: z.uuid().optional(),
  })
  .strict();
export type ListJobsQuery = z.output<typeof ListJobsQuerySchema>;

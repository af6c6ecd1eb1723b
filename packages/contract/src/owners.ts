import { z } from "zod";
import { queryInteger } from "./query-integer";
import { limits } from "./limits";

/** What a per-owner limit may be set to; null goes back to the deployment's default. */
const RateLimitSchema = z.number().int().min(1).max(10_000_000);
const MaxUnfinishedSchema = z.number().int().min(0).max(1_000_000_000);
const MaxSchedulesSchema = z.number().int().min(0).max(1_000_000);

/** `PATCH /v1/owners/{id}` (admin). */
export const PatchOwnerBodySchema = z
  .object({
    rateLimitPerMinute: RateLimitSchema.nullable()
      .optional()
      .describe("Requests per minute; null: the deployment's RATE_LIMIT_PER_MINUTE."),
    maxUnfinishedJobs: MaxUnfinishedSchema.nullable()
      .optional()
      .describe("Jobs not yet finished at once; null: the deployment's MAX_UNFINISHED_JOBS_PER_OWNER."),
    maxSchedules: MaxSchedulesSchema.nullable().optional().describe("Schedules at once; null: the deployment's MAX_SCHEDULES_PER_OWNER."),
  })
  .strict()
  .refine((body) => body.rateLimitPerMinute !== undefined || body.maxUnfinishedJobs !== undefined || body.maxSchedules !== undefined, {
    message: "give rateLimitPerMinute, maxUnfinishedJobs or maxSchedules (null goes back to the default)",
  })
  .meta({ id: "PatchOwnerRequest" });

export const OwnerResourceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    rateLimitPerMinute: RateLimitSchema.nullable().describe("This owner's override; null follows the default."),
    maxUnfinishedJobs: MaxUnfinishedSchema.nullable().describe("This owner's override; null follows the default."),
    maxSchedules: MaxSchedulesSchema.nullable().describe("This owner's override; null follows the default."),
    effective: z
      .object({ rateLimitPerMinute: z.number().int(), maxUnfinishedJobs: z.number().int(), maxSchedules: z.number().int() })
      .describe("The limits in force: the override, or the deployment's default."),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Owner" });
export type OwnerResource = z.infer<typeof OwnerResourceSchema>;

export const OwnerPageSchema = z
  .object({ data: z.array(OwnerResourceSchema), nextCursor: z.string().nullable() })
  .meta({ id: "OwnerPage" });

export const ListOwnersQuerySchema = z
  .object({
    limit: queryInteger(1, limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

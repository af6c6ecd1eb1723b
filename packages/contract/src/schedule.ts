/** The request and resource schemas of `/v1/schedules` (see docs/api.md, "Schedules"). */
import { z } from "zod";
import { queryInteger } from "./query-integer";
import type { JobCatalogue } from "./catalogue";
import { MetadataSchema } from "./job-resource";
import { limits } from "./limits";
import { cronProblem, isTimeZone } from "./schedule-timing";
import { checkPayload, LimitedMetadataSchema, PrioritySchema, unknownType, type PayloadCheck } from "./submit-job";
import { firstUnstorable, storableText } from "./storable-value";

export const scheduleOverlaps = ["allow", "skip"] as const;
export const ScheduleOverlapSchema = z.enum(scheduleOverlaps);

/**
 * Why a fire made no run: the owner had no room under its cap on unfinished jobs, or (`overlap: "skip"`) the previous
 * run has not finished.
 */
export const scheduleSkipReasons = ["owner-unfinished-jobs-cap", "previous-run-unfinished"] as const;
export const ScheduleSkipReasonSchema = z.enum(scheduleSkipReasons);
export type ScheduleSkipReason = z.infer<typeof ScheduleSkipReasonSchema>;

/** Shorter intervals would make a schedule a load generator; a second is BullMQ's practical floor anyway. */
export const minEveryMs = 1000;
const maxEveryMs = 366 * 24 * 60 * 60 * 1000;

const NameSchema = storableText(1, 100);
const CronSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((cron, ctx) => {
    const problem = cronProblem(cron);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const EveryMsSchema = z.number().int().min(minEveryMs).max(maxEveryMs);
const TimezoneSchema = z
  .string()
  .min(1)
  .max(100)
  .refine(isTimeZone, "not a time zone this server knows (an IANA name such as Europe/Paris)");

/** The body of `POST /v1/schedules` before the payload is checked against its type. */
export const CreateScheduleBodySchema = z
  .object({
    name: NameSchema,
    type: z.string().min(1).max(100),
    payload: z.unknown().default({}),
    cron: CronSchema.optional(),
    everyMs: EveryMsSchema.optional(),
    timezone: TimezoneSchema.default("UTC"),
    priority: PrioritySchema.default(0),
    metadata: LimitedMetadataSchema.default({}),
    overlap: ScheduleOverlapSchema.default("allow"),
    paused: z.boolean().default(false),
  })
  .strict()
  .refine((body) => (body.cron === undefined) !== (body.everyMs === undefined), {
    message: "give exactly one of cron and everyMs",
    path: ["cron"],
  });
export type CreateScheduleBody = z.output<typeof CreateScheduleBodySchema>;

/** The body of `PATCH /v1/schedules/{id}`: what it names changes; `cron` replaces `everyMs` and the other way round. */
export const PatchScheduleBodySchema = z
  .object({
    name: NameSchema.optional(),
    payload: z.unknown().optional(),
    cron: CronSchema.optional(),
    everyMs: EveryMsSchema.optional(),
    timezone: TimezoneSchema.optional(),
    priority: PrioritySchema.optional(),
    metadata: LimitedMetadataSchema.optional(),
    overlap: ScheduleOverlapSchema.optional(),
    paused: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.cron === undefined || body.everyMs === undefined, { message: "give cron or everyMs, not both", path: ["cron"] })
  .refine((body) => Object.keys(body).length > 0, { message: "name at least one field to change" });
export type PatchScheduleBody = z.output<typeof PatchScheduleBodySchema>;

export const ListSchedulesQuerySchema = z
  .object({
    limit: queryInteger(1, limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ListSchedulesQuery = z.output<typeof ListSchedulesQuerySchema>;

/** The schedule resource of the REST contract. */
export const ScheduleResourceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.string(),
  payload: z.unknown(),
  cron: z.string().nullable(),
  everyMs: z.number().int().nullable(),
  timezone: z.string(),
  priority: z.number().int(),
  metadata: MetadataSchema,
  overlap: ScheduleOverlapSchema,
  paused: z.boolean(),
  /** Null while paused. */
  nextRunAt: z.iso.datetime().nullable(),
  lastRunAt: z.iso.datetime().nullable(),
  lastJobId: z.uuid().nullable(),
  lastSkip: z
    .object({
      at: z.iso.datetime().describe("The due time of the fire that made no run."),
      reason: ScheduleSkipReasonSchema,
    })
    .nullable()
    .describe("The last fire that made no run, and why; null until one did. Runs after it leave it as it was."),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ScheduleResource = z.infer<typeof ScheduleResourceSchema>;

/**
 * What a schedule's runs will carry, checked as a submission's would be: the type, the payload by `checkPayload` (the
 * parsed payload, or issues under `payload`, flagged `payloadTooLarge` past the size limit), and no metadata
 * that Postgres cannot store.
 */
export function checkScheduleContent(
  catalogue: JobCatalogue,
  { type, payload, metadata = {} }: { type: string; payload: unknown; metadata?: Record<string, unknown> },
): PayloadCheck {
  const definition = catalogue.get(type);
  if (!definition) return unknownType(catalogue, type);
  const checked = checkPayload(definition, payload, ["payload"]);
  if (!checked.ok) return checked;
  const unstorable = firstUnstorable(metadata, ["metadata"]);
  if (unstorable) return { ok: false, issues: [unstorable] };
  return checked;
}

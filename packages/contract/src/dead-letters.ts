/** The dead-letter desk's requests and answers: failed jobs grouped by fingerprint, and their re-drive. */
import { z } from "zod";
import { queryInteger } from "./query-integer";
import { FingerprintSchema } from "./list-jobs";
import { InstantSchema } from "./storable-instant";
import { storableText } from "./storable-value";

const jobType = storableText(1, 100);

export const maxRedriveLimit = 5000;
export const defaultRedriveLimit = 500;

/** Query of `GET /v1/dead-letters`: the time range is of the failures (when each job failed). */
export const ListDeadLettersQuerySchema = z
  .object({
    type: jobType.optional().describe("Only failures of this job type."),
    since: InstantSchema.optional().describe("Failures at or after this time."),
    until: InstantSchema.optional().describe("Failures before this time."),
    limit: queryInteger(1, 1000).default(100).describe("The most groups to answer with, largest first."),
  })
  .strict();

export const DeadLetterGroupSchema = z
  .object({
    fingerprint: z.string().describe("Identifies the group: `GET /v1/jobs?status=failed&fingerprint=…` lists its jobs."),
    type: z.string(),
    errorName: z.string(),
    message: z.string().describe("The message with quoted values, ids and numbers replaced by `<q>`, `<id>` and `<n>`."),
    count: z.number().int(),
    firstFailedAt: z.iso.datetime(),
    lastFailedAt: z.iso.datetime(),
    sampleJobId: z.uuid().describe("The group's most recent failure."),
  })
  .meta({ id: "DeadLetterGroup" });
export type DeadLetterGroup = z.infer<typeof DeadLetterGroupSchema>;

export const DeadLetterGroupsSchema = z.object({ data: z.array(DeadLetterGroupSchema) }).meta({ id: "DeadLetterGroups" });

/** Body of `POST /v1/dead-letters/redrive`: the selectors combine with AND; at least one is required. */
export const RedriveDeadLettersBodySchema = z
  .object({
    fingerprint: FingerprintSchema.optional(),
    type: jobType.optional(),
    since: InstantSchema.optional().describe("Jobs that failed at or after this time."),
    until: InstantSchema.optional().describe("Jobs that failed before this time."),
    jobIds: z.array(z.uuid()).min(1).max(maxRedriveLimit).optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxRedriveLimit)
      .default(defaultRedriveLimit)
      .describe("The most jobs re-driven, oldest failures first."),
    dryRun: z.boolean().default(false).describe("Only say which jobs would be re-driven."),
  })
  .strict()
  .refine((body) => [body.fingerprint, body.type, body.since, body.until, body.jobIds].some((selector) => selector !== undefined), {
    message: "give at least one selector: fingerprint, type, since, until or jobIds",
  })
  .meta({ id: "RedriveDeadLettersRequest" });
export type RedriveDeadLettersBody = z.output<typeof RedriveDeadLettersBodySchema>;

export const RedriveOutcomeSchema = z
  .object({
    matched: z.number().int().describe("Failed jobs the selectors match, beyond the limit too."),
    redriven: z.number().int().describe("Jobs sent back to their queue (0 on a dry run)."),
    jobIds: z.array(z.uuid()).describe("The jobs chosen (up to the limit): re-driven, or on a dry run the ones that would be."),
  })
  .meta({ id: "RedriveOutcome" });
export type RedriveOutcome = z.infer<typeof RedriveOutcomeSchema>;

/** Body of `POST /v1/jobs/{id}/retry`, which may be empty: with `payload`, the job runs that instead of its own. */
export const RetryJobBodySchema = z
  .object({ payload: z.unknown().describe("Checked against the job's type, as on submission.") })
  .partial()
  .strict()
  .meta({ id: "RetryJobRequest" });

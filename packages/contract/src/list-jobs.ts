import { z } from "zod";
import { queryInteger } from "./query-integer";
import { JobStatusSchema } from "./job-status";
import { limits } from "./limits";
import { InstantSchema } from "./storable-instant";
import { reservedKeyMessage, reservedKeys, storableText } from "./storable-value";
import { WorkQueueNameSchema } from "./queue-names";

const metadataPrefix = "metadata.";

const text = (max: number) => storableText(1, max);

/** A failure's fingerprint as the dead-letter desk shows it. */
export const FingerprintSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, "a fingerprint is 32 lowercase hex digits, as GET /v1/dead-letters shows it");

/**
 * `metadata.<key>=<value>` parameters gathered into one `metadata` object, so the schema checks them (and its error
 * paths read `metadata.<key>`, as the parameter was named) while any other unknown parameter stays an error.
 */
function gatherMetadata(query: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof query !== "object" || query === null) return query;
  // Prototype-free: nothing a client names can reach a prototype.
  const rest: Record<string, unknown> = Object.create(null);
  const metadata: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(query)) {
    const name = key.slice(metadataPrefix.length);
    // A record schema skips `__proto__` silently; the filter would vanish and the list come back unfiltered.
    if (key.startsWith(metadataPrefix) && reservedKeys.has(name))
      ctx.addIssue({ code: "custom", message: reservedKeyMessage, path: ["metadata", name] });
    else if (key.startsWith(metadataPrefix)) metadata[name] = value;
    else rest[key] = value;
  }
  return Object.keys(metadata).length > 0 ? { ...rest, metadata } : rest;
}

/** `queued,running`: one status or several, comma-separated, each once. */
const StatusListSchema = z
  .string()
  .transform((value) => [...new Set(value.split(","))])
  .pipe(z.array(JobStatusSchema).min(1));

/**
 * The parameters of `GET /v1/jobs`, once `metadata.<key>` ones are gathered into `metadata`: every filter narrows the
 * list (they combine with AND). The cursor is opaque to clients.
 */
export const ListJobsFiltersSchema = z
  .object({
    limit: queryInteger(1, limits.maxListLimit).default(limits.defaultListLimit),
    cursor: z.string().min(1).max(200).optional(),
    status: StatusListSchema.optional().describe("One status or several, comma-separated: `queued,running`."),
    type: text(100).optional(),
    queue: WorkQueueNameSchema.optional(),
    scheduleId: z.uuid().optional(),
    // Half-open: ranges built from one instant meet without overlap.
    createdAfter: InstantSchema.optional().describe("Created at or after this time."),
    createdBefore: InstantSchema.optional().describe("Created before this time."),
    metadata: z
      .record(text(limits.maxMetadataKeyLength), text(limits.maxMetadataValueLength))
      .refine((metadata) => Object.keys(metadata).length <= limits.maxMetadataKeys, `at most ${limits.maxMetadataKeys} metadata filters`)
      .optional(),
    q: text(200).optional().describe("Text anywhere in the error message, case-insensitive."),
    fingerprint: FingerprintSchema.optional().describe("One dead-letter group's jobs (see GET /v1/dead-letters)."),
    ownerId: z.uuid().optional().describe("One owner's jobs; admins only (422 for anyone else)."),
  })
  .strict();

/** Query of `GET /v1/jobs` as Express parses it. */
export const ListJobsQuerySchema = z.preprocess(gatherMetadata, ListJobsFiltersSchema);
export type ListJobsQuery = z.output<typeof ListJobsQuerySchema>;

import { z } from "zod";
import type { JobCatalogue } from "./catalogue";
import type { JobTypeDefinition } from "./job-type";
import { MetadataSchema } from "./job-resource";
import { limits } from "./limits";
import { InstantTextSchema } from "./storable-instant";
import { firstUnstorable, storableText } from "./storable-value";

/** 0..100; higher runs sooner. */
export const PrioritySchema = z.number().int().min(0).max(limits.maxPriority);

/** A job's (or a schedule's) metadata within the documented limits. */
export const LimitedMetadataSchema = MetadataSchema.refine(
  (m) => Object.keys(m).length <= limits.maxMetadataKeys,
  `at most ${limits.maxMetadataKeys} keys`,
)
  .refine(
    (m) => Object.keys(m).every((key) => key.length <= limits.maxMetadataKeyLength),
    `keys of at most ${limits.maxMetadataKeyLength} characters`,
  )
  .refine(
    (m) => Object.values(m).every((v) => typeof v !== "string" || v.length <= limits.maxMetadataValueLength),
    `string values of at most ${limits.maxMetadataValueLength} characters`,
  );

/** The body of `POST /v1/jobs` before the payload is checked against its type. */
export const SubmitJobBodySchema = z
  .object({
    type: storableText(1, 100),
    payload: z.unknown().default({}),
    priority: PrioritySchema.default(0),
    runAt: InstantTextSchema.optional(),
    delayMs: z.number().int().min(0).max(limits.maxDelayMs).optional(),
    maxAttempts: z.number().int().min(1).max(limits.maxAttempts).optional(),
    timeoutMs: z.number().int().min(limits.minTimeoutMs).max(limits.maxTimeoutMs).optional(),
    callbackUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    metadata: LimitedMetadataSchema.default({}),
  })
  .strict()
  .refine((body) => body.runAt === undefined || body.delayMs === undefined, {
    message: "give either runAt or delayMs, not both",
    path: ["runAt"],
  })
  .refine((body) => body.runAt === undefined || Date.parse(body.runAt) - Date.now() <= limits.maxDelayMs, {
    message: `runAt is at most ${limits.maxDelayMs / 86_400_000} days ahead, like delayMs`,
    path: ["runAt"],
  });
export type SubmitJobBody = z.output<typeof SubmitJobBodySchema>;

export const SubmitBatchBodySchema = z.object({ jobs: z.array(z.unknown()).min(1).max(limits.maxBatchSize) }).strict();

/** A submission that passed every check: the payload is the type's parsed output. */
export interface ValidatedSubmission extends SubmitJobBody {
  definition: JobTypeDefinition;
  payload: unknown;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

/** A check that failed, with every issue found; `payloadTooLarge` when the payload's size limit is among them. */
export interface CheckFailure {
  ok: false;
  issues: ValidationIssue[];
  payloadTooLarge?: boolean;
}

export type SubmissionCheck = { ok: true; submission: ValidatedSubmission } | CheckFailure;

/** Zod's issues as `{ path: "payload.topic", message }`, under `prefix`. */
export function toIssues(error: z.ZodError, prefix: (string | number)[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join("."),
    message: issue.message,
  }));
}

/** Checks one job body against the shape of a submission, its type, the type's payload schema and the limits. */
export function checkSubmission(catalogue: JobCatalogue, body: unknown, pathPrefix: (string | number)[] = []): SubmissionCheck {
  // Before the schema, which would drop a `__proto__` key without a word; the payload is walked by checkPayload.
  const { payload: _payload, ...fields } = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const unstorable = firstUnstorable(fields, pathPrefix);
  if (unstorable) return { ok: false, issues: [unstorable] };
  const parsed = SubmitJobBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error, pathPrefix) };
  const definition = catalogue.get(parsed.data.type);
  if (!definition) return unknownType(catalogue, parsed.data.type, pathPrefix);
  const payload = checkPayload(definition, parsed.data.payload, [...pathPrefix, "payload"]);
  if (!payload.ok) return payload;
  return { ok: true, submission: { ...parsed.data, definition, payload: payload.payload } };
}

/** A type this deployment does not serve, named at `type` under `pathPrefix`. */
export function unknownType(catalogue: JobCatalogue, type: string, pathPrefix: (string | number)[] = []): CheckFailure {
  return {
    ok: false,
    issues: [
      { path: [...pathPrefix, "type"].join("."), message: `unknown job type "${type}"; known types: ${catalogue.types.join(", ")}` },
    ],
  };
}

export type PayloadCheck = { ok: true; payload: unknown } | CheckFailure;

/**
 * The one check of a payload (at `path`), wherever it comes from (a submission, a schedule, a retry's replacement):
 * the size limit (flagged `payloadTooLarge`), its type's schema and what Postgres can store.
 */
export function checkPayload(definition: JobTypeDefinition, value: unknown, path: (string | number)[]): PayloadCheck {
  const size = Buffer.byteLength(JSON.stringify(value ?? null));
  if (size > limits.maxPayloadBytes) {
    return {
      ok: false,
      payloadTooLarge: true,
      issues: [{ path: path.join("."), message: `payload is ${size} bytes; the limit is ${limits.maxPayloadBytes}` }],
    };
  }
  const unstorable = firstUnstorable(value, path);
  if (unstorable) return { ok: false, issues: [unstorable] };
  const payload = definition.payload.safeParse(value);
  if (!payload.success) return { ok: false, issues: toIssues(payload.error, path) };
  return { ok: true, payload: payload.data };
}

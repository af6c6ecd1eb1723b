import { limits } from "@jobline/contract";
import { InvalidInputError } from "@jobline/engine";
import type { Request } from "express";
import { z } from "zod";

const HeaderSchema = z
  .string()
  .min(1, "must not be empty")
  .max(limits.maxIdempotencyKeyLength, `must be at most ${limits.maxIdempotencyKeyLength} characters`);

/** The request's `Idempotency-Key`, undefined when absent; a present but invalid one is invalid input. */
export function idempotencyKeyOf(req: Request): string | undefined {
  // Node joins repeated headers with ", ": two keys would silently become a third one.
  const sent = req.headersDistinct["idempotency-key"] ?? [];
  if (sent.length > 1)
    throw new InvalidInputError([{ path: "Idempotency-Key", message: `send one Idempotency-Key header, not ${sent.length}` }]);
  const value = sent[0];
  if (value === undefined) return undefined;
  const parsed = HeaderSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidInputError(parsed.error.issues.map((issue) => ({ path: "Idempotency-Key", message: issue.message })));
  return parsed.data;
}

/**
 * Newest-first pages over (createdAt, id): one cursor format for every list (jobs, schedules, tokens, owners, the
 * audit log), opaque to clients, and one way to cut a page and say where the next one starts.
 */
import { InstantTextSchema } from "@jobline/contract";
import { z } from "zod";
import { InvalidInputError } from "../errors";

/** Where a newest-first page ended: the last row's (createdAt, id). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** The ids of most lists are UUIDs; the audit log's are bigint sequence numbers. */
export const uuidId = z.uuid();
export const bigintId = z
  .string()
  .regex(/^\d{1,19}$/)
  .refine((id) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n);

/** Opaque to clients: base64url of the last row's creation time and id. */
export function encodeKeysetCursor(row: { createdAt: Date; id: string | bigint }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), String(row.id)])).toString("base64url");
}

/** The position, or null for text this API did not hand out. */
export function decodeKeysetCursor(text: string, idSchema: z.ZodType<string> = uuidId): KeysetPosition | null {
  try {
    const parsed = z.tuple([InstantTextSchema, idSchema]).safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** A query's `cursor` as a position (undefined without one); a cursor this API did not hand out is invalid input. */
export function positionAfter(cursor: string | undefined, idSchema?: z.ZodType<string>): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeKeysetCursor(cursor, idSchema);
  if (!position) throw new InvalidInputError([{ path: "cursor", message: "cursor is not one this API returned" }]);
  return position;
}

/** Rows read with `limit + 1` as one page and the cursor of the next (null when this was the last). */
export function pageOf<Row extends { createdAt: Date; id: string | bigint }>(
  rows: readonly Row[],
  limit: number,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeKeysetCursor(last) : null };
}

import { z } from "zod";

/** Where a newest-first page ended: the last row's (createdAt, id). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

/** Opaque to clients: base64url of the last row's creation time and uuid. */
export function encodeKeysetCursor(row: KeysetPosition): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

/** The position, or null for text this API did not hand out. */
export function decodeKeysetCursor(text: string): KeysetPosition | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

import { z } from "zod";

/** Position after the last job of a page, newest first: (createdAt, id). Opaque to clients. */
export interface JobCursor {
  createdAt: Date;
  id: string;
}

const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString("base64url");
}

/** Null when the text is not a cursor this API made. */
export function decodeCursor(text: string): JobCursor | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

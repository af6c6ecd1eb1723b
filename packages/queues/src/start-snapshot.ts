/**
 * What a worker needs to start a job's first attempt, carried in its queue entry so the pickup reads no row: the
 * payload, the attempt's time limit, the submitting request's id, and the row's `updatedAt` when the entry was
 * written. That last one is the guard a pickup read would have given: the attempt's writes are conditional on the row
 * being unmoved since (the engine's attempt-start.ts), so an entry whose row was cancelled, or cancelled and re-driven,
 * meanwhile writes nothing.
 *
 * Only an entry that starts a queued row now gets one, and only when its payload is small: a scheduled row's entry
 * waits while its row may move (a promote), and a large payload would sit in Redis for as long as BullMQ keeps the
 * finished entry. A retry, a stalled entry's second start and every entry without a snapshot read the row as before.
 */
import { z } from "zod";

/** Payloads up to this many bytes of JSON travel in the entry: 10,000 kept entries of a queue then hold at most 40 MB. */
export const maxSnapshotPayloadBytes = 4096;

const startSnapshotSchema = z.object({
  payload: z.unknown(),
  timeoutMs: z.number().int().positive(),
  requestId: z.string().nullable(),
  /** ISO 8601, to the millisecond (the column's precision). */
  rowUpdatedAt: z.iso.datetime(),
});

export type StartSnapshot = z.infer<typeof startSnapshotSchema>;

/** The row fields a snapshot is made of. */
export interface SnapshotSource {
  status: string;
  runAt: Date | null;
  payload: unknown;
  timeoutMs: number;
  requestId: string | null;
  updatedAt: Date;
}

/** The entry's snapshot of `row`, or undefined when the entry must not carry one (see above). */
export function startSnapshotOf(row: SnapshotSource): StartSnapshot | undefined {
  if (row.status !== "queued" || row.runAt !== null) return undefined;
  if (Buffer.byteLength(JSON.stringify(row.payload ?? null)) > maxSnapshotPayloadBytes) return undefined;
  return { payload: row.payload, timeoutMs: row.timeoutMs, requestId: row.requestId, rowUpdatedAt: row.updatedAt.toISOString() };
}

/** The entry's snapshot, if it has a well-formed one (an entry is read back from Redis: an edge). */
export function readStartSnapshot(data: { start?: unknown }): StartSnapshot | undefined {
  if (data.start === undefined) return undefined;
  const parsed = startSnapshotSchema.safeParse(data.start);
  return parsed.success ? parsed.data : undefined;
}

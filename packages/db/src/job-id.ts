import { randomBytes } from "node:crypto";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` can be a job's id. Queue entries not made by Jobline (a dashboard's "add job") have others. */
export function isJobId(text: string): boolean {
  return uuidPattern.test(text);
}

/**
 * A job id as Postgres returns it. Postgres matches a uuid in any case, but the door pairs each caller with the row
 * returned for it by id, so `ABC…` must be looked up as `abc…`.
 */
export function normalJobId(id: string): string {
  return id.toLowerCase();
}

/**
 * A new job's id: a UUID version 7 (RFC 9562), its first 48 bits the time in milliseconds, the other 74 random. Ids
 * made close in time sort close together, so a submission's primary-key entries land on the few rightmost pages of
 * the index instead of one random page each (with v4 every insert dirtied its own page, and after a checkpoint
 * wrote it whole to the WAL). Not a secret either way: ids are guarded by their owner, not by being unguessable.
 */
export function newJobId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

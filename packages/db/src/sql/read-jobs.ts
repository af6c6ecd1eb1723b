/**
 * The API's reads of jobs, as plain SQL: a primary-key read and a keyset page are the hottest statements after the
 * writes. Every read takes the owner (null only for admins) and filters in SQL, so another owner's job and an
 * unknown id look the same.
 */
import type { Pool } from "pg";
import type { JobStatus } from "@jobline/contract";
import { allowedFrom } from "../job-transitions";
import type { JobRow } from "../job-record";
import { inOrderOf, selectList, statusIn } from "./job-columns";

const everyColumn = selectList("jobs");

export async function readJob(pool: Pool, id: string, ownerId: string | null): Promise<JobRow | null> {
  const { rows } = await pool.query<JobRow>({
    name: "jobline.read-job",
    text: `SELECT ${everyColumn} FROM jobs WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`,
    values: [id, ownerId],
  });
  return rows[0] ?? null;
}

/** The jobs among `ids` that belong to the owner, in the order of `ids`. */
export async function readJobs(pool: Pool, ids: readonly string[], ownerId: string): Promise<JobRow[]> {
  const { rows } = await pool.query<JobRow>(`SELECT ${everyColumn} FROM jobs WHERE id = ANY($1::uuid[]) AND owner_id = $2`, [ids, ownerId]);
  return inOrderOf(ids, rows).filter((row) => row !== null);
}

/** A job a worker may start: every column but the result. */
export type RunnableJob = Omit<JobRow, "result">;

const runnableColumns = selectList("jobs", ["result"]);

/** Of `ids`, the jobs whose status allows a start, in the order of `ids` (null for the others). */
export async function readRunnable(pool: Pool, ids: readonly string[]): Promise<(RunnableJob | null)[]> {
  const { rows } = await pool.query<RunnableJob>({
    name: "jobline.read-runnable",
    text: `SELECT ${runnableColumns} FROM jobs WHERE id = ANY($1::uuid[]) AND ${statusIn("jobs", "$2")}`,
    values: [ids, allowedFrom.running],
  });
  return inOrderOf(ids, rows);
}

export interface JobPageQuery {
  ownerId: string | null;
  /** Any of these. */
  statuses?: readonly JobStatus[];
  type?: string;
  queue?: string;
  scheduleId?: string;
  /** At or after. */
  createdAfter?: Date;
  /** Strictly before. */
  createdBefore?: Date;
  /** Every key has exactly this value (a number, boolean or null stored under the key matches its text too). */
  metadata?: Readonly<Record<string, string>>;
  /** Text anywhere in the error message, case-insensitive. */
  errorText?: string;
  fingerprint?: string;
  /** Start after this position (newest first). */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** `%`, `_` and `\` match themselves in a LIKE pattern built from a client's text. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** What `metadata.<key>=<value>` may have meant: the text itself, or the number, boolean or null it spells. */
function metadataCandidates(key: string, value: string): string[] {
  const candidates: unknown[] = [value];
  if (value === "true" || value === "false" || value === "null") candidates.push(JSON.parse(value));
  else if (value.trim() !== "" && Number.isFinite(Number(value))) candidates.push(Number(value));
  return candidates.map((candidate) => JSON.stringify({ [key]: candidate }));
}

/**
 * The WHERE clause of a page: only the filters given appear in it, so the planner sees each as written and can match
 * the partial indexes (their conditions are repeated literally: `metadata <> '{}'`, `error IS NOT NULL`).
 */
function pageConditions(query: JobPageQuery): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const conditions: string[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (query.ownerId !== null) conditions.push(`owner_id = ${param(query.ownerId)}`);
  if (query.statuses) conditions.push(`status = ANY(${param(query.statuses)}::job_status[])`);
  if (query.type !== undefined) conditions.push(`type = ${param(query.type)}`);
  if (query.queue !== undefined) conditions.push(`queue = ${param(query.queue)}`);
  if (query.scheduleId !== undefined) conditions.push(`schedule_id = ${param(query.scheduleId)}::uuid`);
  if (query.createdAfter) conditions.push(`created_at >= ${param(query.createdAfter)}`);
  if (query.createdBefore) conditions.push(`created_at < ${param(query.createdBefore)}`);
  for (const [key, value] of Object.entries(query.metadata ?? {})) {
    conditions.push(`metadata <> '{}'::jsonb AND metadata @> ANY(${param(metadataCandidates(key, value))}::jsonb[])`);
  }
  if (query.errorText !== undefined)
    conditions.push(`error IS NOT NULL AND error->>'message' ILIKE ${param(`%${likeLiteral(query.errorText)}%`)}`);
  if (query.fingerprint !== undefined) conditions.push(`fingerprint = ${param(query.fingerprint)}`);
  if (query.after) conditions.push(`(created_at, id) < (${param(query.after.createdAt)}, ${param(query.after.id)}::uuid)`);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "", values };
}

/** Newest first by (created_at, id): the owner's indexes serve each filter as a keyset scan. */
export async function readJobPage(pool: Pool, query: JobPageQuery): Promise<JobRow[]> {
  const { where, values } = pageConditions(query);
  const { rows } = await pool.query<JobRow>(
    `SELECT ${everyColumn} FROM jobs ${where} ORDER BY created_at DESC, id DESC LIMIT ${Number(query.limit)}`,
    values,
  );
  return rows;
}

export interface IdempotencyRecord {
  requestHash: string;
  jobIds: string[];
  createdAt: Date;
  /** Null while the first request's queue entries are being written (or if marking them failed); column `admitted_at`. */
  enqueuedAt: Date | null;
}

/** The live record of an Idempotency-Key: the first request's hash and the jobs it created. */
export async function readIdempotencyRecord(pool: Pool, ownerId: string, key: string): Promise<IdempotencyRecord | null> {
  const { rows } = await pool.query<IdempotencyRecord>(
    `SELECT request_hash AS "requestHash", job_ids AS "jobIds", created_at AS "createdAt", admitted_at AS "enqueuedAt"
     FROM idempotency_keys WHERE owner_id = $1 AND key = $2`,
    [ownerId, key],
  );
  return rows[0] ?? null;
}

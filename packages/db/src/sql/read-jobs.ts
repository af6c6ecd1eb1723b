/**
 * The API's reads of jobs, as plain SQL: a primary-key read and a keyset page are the hottest statements after the
 * writes. Every read takes the owner (null only for admins) and filters in SQL, so another owner's job and an
 * unknown id look the same.
 */
import type { Pool } from "pg";
import type { JobStatus } from "@jobline/jobs";
import { allowedFrom } from "../job-transitions";
import type { JobRow } from "../job-record";
import { inOrderOf, selectList, statusIn } from "./job-columns";

const everyColumn = selectList("jobs");

export async function readJob(pool: Pool, id: string, ownerId: string | null): Promise<JobRow | null> {
  const { rows } = await pool.query<JobRow>({ name: "jobline.read-job", text: `SELECT ${everyColumn} FROM jobs WHERE id = $1 AND ($2::uuid IS NULL OR owner_id = $2)`, values: [id, ownerId] });
  return rows[0] ?? null;
}

/** The jobs among `ids` that belong to the owner, in the order of `ids`. */
export async function readJobs(pool: Pool, ids: readonly string[], ownerId: string): Promise<JobRow[]> {
  const { rows } = await pool.query<JobRow>(`SELECT ${everyColumn} FROM jobs WHERE id = ANY($1::uuid[]) AND owner_id = $2`, [ids, ownerId]);
  return inOrderOf(ids, rows).filter((row) => row !== null);
}

/** A job a worker may start: every column but the result. */
export type StartableJob = Omit<JobRow, "result">;

const startableColumns = selectList("jobs", ["result"]);

/** Of `ids`, the jobs whose status allows a start, in the order of `ids` (null for the others). */
export async function readStartable(pool: Pool, ids: readonly string[]): Promise<(StartableJob | null)[]> {
  const { rows } = await pool.query<StartableJob>({
    name: "jobline.read-startable",
    text: `SELECT ${startableColumns} FROM jobs WHERE id = ANY($1::uuid[]) AND ${statusIn("jobs", "$2")}`,
    values: [ids, allowedFrom.running],
  });
  return inOrderOf(ids, rows);
}

export interface JobPageQuery {
  ownerId: string | null;
  status?: JobStatus;
  type?: string;
  queue?: string;
  scheduleId?: string;
  /** Start after this position (newest first). */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first by (created_at, id): the owner's indexes serve each filter as a keyset scan. */
export async function readJobPage(pool: Pool, query: JobPageQuery): Promise<JobRow[]> {
  const { rows } = await pool.query<JobRow>(
    `SELECT ${everyColumn} FROM jobs
     WHERE ($1::uuid IS NULL OR owner_id = $1)
       AND ($2::job_status IS NULL OR status = $2)
       AND ($3::text IS NULL OR type = $3)
       AND ($4::text IS NULL OR queue = $4)
       AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
       AND ($8::uuid IS NULL OR schedule_id = $8)
     ORDER BY created_at DESC, id DESC
     LIMIT $7`,
    [query.ownerId, query.status ?? null, query.type ?? null, query.queue ?? null, query.after?.createdAt ?? null, query.after?.id ?? null, query.limit, query.scheduleId ?? null],
  );
  return rows;
}

export interface IdempotencyRecord {
  requestHash: string;
  jobIds: string[];
  createdAt: Date;
  /** Null while the first request's queue entries are being written (or if marking them failed). */
  admittedAt: Date | null;
}

/** The live record of an Idempotency-Key: the first request's hash and the jobs it created. */
export async function readIdempotencyRecord(pool: Pool, ownerId: string, key: string): Promise<IdempotencyRecord | null> {
  const { rows } = await pool.query<IdempotencyRecord>(
    `SELECT request_hash AS "requestHash", job_ids AS "jobIds", created_at AS "createdAt", admitted_at AS "admittedAt"
     FROM idempotency_keys WHERE owner_id = $1 AND key = $2`,
    [ownerId, key],
  );
  return rows[0] ?? null;
}

/**
 * The dead-letter desk's reads: failed jobs grouped by fingerprint, and the failed jobs a bulk re-drive selects. Both
 * cross owners (admins only) and go through the partial fingerprint indexes or the (status, updated_at) one. A
 * failed job's `finished_at` is when it failed: the time ranges are of that.
 */
import type { Pool } from "pg";

export interface FailureRange {
  type?: string;
  /** At or after. */
  since?: Date;
  /** Strictly before. */
  until?: Date;
}

export interface DeadLetterGroupRow {
  fingerprint: string;
  count: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  /** The group's most recent failure, and what it says. */
  sampleJobId: string;
  type: string;
  errorName: string;
  message: string;
}

/** `AND …` conditions of a range, numbering parameters after `values`' (which they are appended to). */
function rangeConditions(range: FailureRange, values: unknown[]): string {
  const param = (value: unknown) => `$${values.push(value)}`;
  return [
    range.type !== undefined ? ` AND type = ${param(range.type)}` : "",
    range.since ? ` AND finished_at >= ${param(range.since)}` : "",
    range.until ? ` AND finished_at < ${param(range.until)}` : "",
  ].join("");
}

/** Up to `limit` groups of failed jobs, largest first (then the most recent). */
export async function readDeadLetterGroups(pool: Pool, range: FailureRange & { limit: number }): Promise<DeadLetterGroupRow[]> {
  const values: unknown[] = [];
  const conditions = rangeConditions(range, values);
  const { rows } = await pool.query<DeadLetterGroupRow>(
    `WITH groups AS (
       SELECT fingerprint, count(*)::int AS count, min(finished_at) AS "firstFailedAt", max(finished_at) AS "lastFailedAt"
       FROM jobs WHERE fingerprint IS NOT NULL${conditions}
       GROUP BY fingerprint
       ORDER BY count DESC, "lastFailedAt" DESC
       LIMIT ${Number(range.limit)}
     )
     SELECT g.*, s.id AS "sampleJobId", s.type, s.error->>'name' AS "errorName", s.error->>'message' AS message
     FROM groups g CROSS JOIN LATERAL (
       SELECT id, type, error FROM jobs
       WHERE fingerprint = g.fingerprint AND finished_at = g."lastFailedAt"${conditions}
       LIMIT 1
     ) s
     ORDER BY g.count DESC, g."lastFailedAt" DESC`,
    values,
  );
  return rows;
}

export interface FailedJobSelection extends FailureRange {
  fingerprint?: string;
  jobIds?: readonly string[];
  limit: number;
}

/** How many failed jobs the selection matches, and the first `limit` of them (oldest failure first). */
export async function selectFailedJobs(pool: Pool, selection: FailedJobSelection): Promise<{ matched: number; jobIds: string[] }> {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = [
    `status = 'failed'`,
    selection.fingerprint !== undefined ? ` AND fingerprint = ${param(selection.fingerprint)}` : "",
    selection.jobIds ? ` AND id = ANY(${param(selection.jobIds)}::uuid[])` : "",
    rangeConditions(selection, values),
  ].join("");
  const { rows } = await pool.query<{ id: string; matched: number }>(
    `SELECT id, count(*) OVER ()::int AS matched FROM jobs WHERE ${where} ORDER BY finished_at, id LIMIT ${Number(selection.limit)}`,
    values,
  );
  return { matched: rows[0]?.matched ?? 0, jobIds: rows.map((row) => row.id) };
}

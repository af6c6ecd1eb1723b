/**
 * The reads behind the event routes: a job's stored timeline (status changes; `job_events`), its latest progress
 * report (kept on the row as `progress_seq`, see the door's record-progress), and an owner's recent events. Every
 * read takes the owner filter (null: an admin's, every owner) and filters in SQL.
 */
import type { Pool } from "@jobline/db";
import { storedJobEvent, toJobEvent, type JobEvent, type JobStatus, type StoredJobEventRow } from "@jobline/contract";

const eventColumns = `e.id::text AS id, e.job_id AS "jobId", e.status, e.attempt, e.detail, e.created_at AS "createdAt"`;

/** A job's stored events with `after < id < before` (before: null for no bound), oldest first, at most `limit`. */
export async function readJobEvents(
  pool: Pool,
  query: { jobId: string; ownerId: string | null; after: bigint; before?: bigint | null; limit?: number },
): Promise<JobEvent[]> {
  const { rows } = await pool.query<StoredJobEventRow>(
    `SELECT ${eventColumns}
     FROM job_events e JOIN jobs j ON j.id = e.job_id
     WHERE e.job_id = $1 AND ($2::uuid IS NULL OR j.owner_id = $2) AND e.id > $3 AND ($4::bigint IS NULL OR e.id < $4)
     ORDER BY e.id
     LIMIT $5`,
    [query.jobId, query.ownerId, String(query.after), query.before == null ? null : String(query.before), query.limit ?? null],
  );
  return rows.map(storedJobEvent);
}

/** Where a job stands for a stream resuming after `after`: its status, and its latest progress if still news. */
export interface JobTail {
  status: JobStatus;
  /**
   * The latest progress report as an event, when it is after `after` and no status change followed it (the row's
   * progress is then still the reported value). Earlier reports are not kept: a resumed stream gets the latest only.
   */
  progress: JobEvent | null;
}

export async function readJobTail(pool: Pool, query: { jobId: string; ownerId: string | null; after: bigint }): Promise<JobTail | null> {
  const { rows } = await pool.query<{
    status: JobStatus;
    progress: number;
    attempts: number;
    progressSeq: string | null;
    updatedAt: Date;
    news: boolean;
  }>(
    `SELECT j.status, j.progress, j.attempts, j.progress_seq::text AS "progressSeq", j.updated_at AS "updatedAt",
       j.status = 'running' AND j.progress_seq > $3
         AND j.progress_seq > COALESCE((SELECT max(e.id) FROM job_events e WHERE e.job_id = j.id), 0) AS news
     FROM jobs j
     WHERE j.id = $1 AND ($2::uuid IS NULL OR j.owner_id = $2)`,
    [query.jobId, query.ownerId, String(query.after)],
  );
  const row = rows[0];
  if (!row) return null;
  const progress =
    row.news && row.progressSeq !== null
      ? toJobEvent({
          seq: row.progressSeq,
          jobId: query.jobId,
          kind: "progress",
          status: row.status,
          attempt: row.attempts,
          progress: row.progress,
          error: null,
          at: row.updatedAt,
        })
      : null;
  return { status: row.status, progress };
}

/** How far back the stream of all of an owner's events replays on resume: best effort, not a full history. */
export const ownerReplayBound = { maxEvents: 1000, maxAgeMs: 60 * 60 * 1000 } as const;

export interface OwnerEvent {
  jobType: string;
  event: JobEvent;
}

/** The owner's stored events after `after`, within `ownerReplayBound` (the newest of them), oldest first. */
export async function readOwnerEvents(
  pool: Pool,
  query: { ownerId: string | null; after: bigint; type?: string; now: Date },
): Promise<OwnerEvent[]> {
  const { rows } = await pool.query<StoredJobEventRow & { jobType: string }>(
    `SELECT * FROM (
       SELECT ${eventColumns}, j.type AS "jobType"
       FROM job_events e JOIN jobs j ON j.id = e.job_id
       WHERE e.id > $1 AND e.created_at > $2 AND ($3::uuid IS NULL OR j.owner_id = $3) AND ($4::text IS NULL OR j.type = $4)
       ORDER BY e.id DESC
       LIMIT $5
     ) recent ORDER BY recent.id::bigint`,
    [
      String(query.after),
      new Date(query.now.getTime() - ownerReplayBound.maxAgeMs),
      query.ownerId,
      query.type ?? null,
      ownerReplayBound.maxEvents,
    ],
  );
  return rows.map(({ jobType, ...row }) => ({ jobType, event: storedJobEvent(row) }));
}

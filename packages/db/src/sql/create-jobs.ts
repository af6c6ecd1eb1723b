/**
 * Creation in sets: the rows of many submissions, their first timeline events and their idempotency claims, in one
 * statement (so one transaction). A submission whose Idempotency-Key is held by a live earlier request creates
 * nothing; the others are unaffected.
 */
import type { Pool } from "pg";
import { limits, type JobStatus } from "@jobline/contract";
import type { JobRow } from "../job-record";
import { inOrderOf, selectList } from "./job-columns";

/** A job to create, as `newJobRecord` decides it (id, queue, status, limits). */
export interface NewJob {
  id: string;
  ownerId: string;
  type: string;
  queue: string;
  status: Extract<JobStatus, "queued" | "scheduled">;
  payload: unknown;
  priority: number;
  maxAttempts: number;
  timeoutMs: number;
  runAt: Date | null;
  idempotencyKey: string | null;
  callbackUrl: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  /** Set on a schedule's runs. */
  scheduleId?: string | null;
  /** The X-Request-Id of the submitting request, carried into the worker's log lines. */
  requestId?: string | null;
}

/** An Idempotency-Key claim for the jobs of one submission. */
export interface IdempotencyClaim {
  ownerId: string;
  key: string;
  requestHash: string;
}

export interface Submission {
  jobs: NewJob[];
  claim?: IdempotencyClaim;
}

export type CreatedJob = JobRow & { seq: string };

/**
 * `claims` carry the submission's index (`request`); the jobs of a submission whose claim was refused are not
 * inserted. Each submission sends at most one claim per (owner, key): the caller keeps duplicates apart.
 */
const statement = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
      request int, id uuid, owner_id uuid, type text, queue text, status job_status, payload jsonb, priority int,
      max_attempts int, timeout_ms int, run_at timestamptz, idempotency_key text, callback_url text, metadata jsonb,
      created_at timestamptz, schedule_id uuid, request_id text)
  ), claims AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS c(
      request int, owner_id uuid, key text, request_hash text, job_ids uuid[], created_at timestamptz)
  ), claimed AS (
    INSERT INTO idempotency_keys (owner_id, key, request_hash, job_ids, created_at)
    SELECT owner_id, key, request_hash, job_ids, created_at FROM claims
    ON CONFLICT (owner_id, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, job_ids = EXCLUDED.job_ids, created_at = EXCLUDED.created_at, admitted_at = NULL
      WHERE idempotency_keys.created_at <= $3
    RETURNING owner_id, key
  ), refused AS (
    SELECT c.request FROM claims c
    WHERE NOT EXISTS (SELECT 1 FROM claimed k WHERE k.owner_id = c.owner_id AND k.key = c.key)
  ), inserted AS (
    INSERT INTO jobs (id, owner_id, type, queue, status, payload, priority, max_attempts, timeout_ms, run_at,
                      idempotency_key, callback_url, metadata, created_at, updated_at, schedule_id, request_id)
    SELECT id, owner_id, type, queue, status, payload, priority, max_attempts, timeout_ms, run_at,
           idempotency_key, callback_url, metadata, created_at, created_at, schedule_id, request_id
    FROM input WHERE request NOT IN (SELECT request FROM refused)
    RETURNING ${selectList("jobs")}
  ), events AS (
    INSERT INTO job_events (job_id, status, attempt, created_at)
    SELECT id, status, 0, "createdAt" FROM inserted
    RETURNING id, job_id
  )
  SELECT inserted.*, events.id AS seq FROM inserted JOIN events ON events.job_id = inserted.id`;

/** Per submission, in order: its rows in the order it sent them, or "refused" when its key is held. */
export type CreateOutcome = { kind: "created"; rows: CreatedJob[] } | { kind: "refused" };

export async function createJobs(pool: Pool, submissions: readonly Submission[], now: Date): Promise<CreateOutcome[]> {
  const jobs = submissions.flatMap((submission, request) =>
    submission.jobs.map((job) => ({
      request,
      id: job.id,
      owner_id: job.ownerId,
      type: job.type,
      queue: job.queue,
      status: job.status,
      payload: job.payload,
      priority: job.priority,
      max_attempts: job.maxAttempts,
      timeout_ms: job.timeoutMs,
      run_at: job.runAt,
      idempotency_key: job.idempotencyKey,
      callback_url: job.callbackUrl,
      metadata: job.metadata,
      created_at: job.createdAt,
      schedule_id: job.scheduleId ?? null,
      request_id: job.requestId ?? null,
    })),
  );
  const claims = submissions.flatMap(({ claim, jobs: own }, request) =>
    claim
      ? [
          {
            request,
            owner_id: claim.ownerId,
            key: claim.key,
            request_hash: claim.requestHash,
            job_ids: own.map((job) => job.id),
            created_at: own[0]?.createdAt ?? now,
          },
        ]
      : [],
  );
  // A claim older than the window is expired: the key counts as new and is taken over.
  const expiredBefore = new Date(now.getTime() - limits.idempotencyWindowMs);
  const { rows } = await pool.query<CreatedJob>({
    name: "jobline.create-jobs",
    text: statement,
    values: [JSON.stringify(jobs), JSON.stringify(claims), expiredBefore],
  });
  return submissions.map((submission) => {
    const created = inOrderOf(
      submission.jobs.map((job) => job.id),
      rows,
    );
    if (created.every((row) => row === null) && submission.claim) return { kind: "refused" };
    if (created.some((row) => row === null)) throw new Error("createJobs: a submission was written only in part");
    return { kind: "created", rows: created as CreatedJob[] };
  });
}

function claimsOf(submissions: readonly Submission[]) {
  return JSON.stringify(
    submissions.flatMap(({ claim, jobs }) =>
      claim ? [{ owner_id: claim.ownerId, key: claim.key, job_ids: jobs.map((job) => job.id) }] : [],
    ),
  );
}

/**
 * Marks the submissions' claims enqueued (the `admitted_at` column): their queue entries exist, so a duplicate request
 * may be answered with their jobs.
 */
export async function markClaimsEnqueued(pool: Pool, submissions: readonly Submission[], now: Date): Promise<void> {
  if (!submissions.some((submission) => submission.claim)) return;
  await pool.query({
    name: "jobline.mark-claims-enqueued",
    text: `UPDATE idempotency_keys k SET admitted_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS c(owner_id uuid, key text, job_ids uuid[])
           WHERE k.owner_id = c.owner_id AND k.key = c.key AND k.job_ids = c.job_ids`,
    values: [claimsOf(submissions), now],
  });
}

/** Takes back what `createJobs` wrote for these submissions (their queue entries could not be written). */
export async function discardJobs(pool: Pool, submissions: readonly Submission[]): Promise<void> {
  const ids = submissions.flatMap((submission) => submission.jobs.map((job) => job.id));
  await pool.query(
    `WITH gone AS (DELETE FROM jobs WHERE id = ANY($1::uuid[]))
     DELETE FROM idempotency_keys k USING jsonb_to_recordset($2::jsonb) AS c(owner_id uuid, key text, job_ids uuid[])
     WHERE k.owner_id = c.owner_id AND k.key = c.key AND k.job_ids = c.job_ids`,
    [ids, claimsOf(submissions)],
  );
}

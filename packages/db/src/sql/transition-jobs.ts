/**
 * The batched form of every status change: one statement moves a set of jobs by the same transition and appends one
 * event per moved job. `UPDATE … FROM jsonb_to_recordset(…) WHERE status = ANY(allowed)` is the conditional write
 * for the whole set; the rows it did not move (wrong status, wrong owner, unknown id) simply are not returned.
 */
import type { Pool } from "pg";
import type { JobStatus } from "@jobline/jobs";
import type { JobRow } from "../job-record";
import { allowedFrom, type AttemptError, type Transition } from "../job-transitions";
import { selectList, type JobField } from "./job-columns";

export type TransitionKind = Transition["to"];

/** One job's part of a set move. `ownerId` scopes it to one owner (client routes); null for workers and admins. */
export interface MoveInput {
  jobId: string;
  ownerId: string | null;
  transition: Transition;
}

/** A job as a move leaves it: every column but the result (whoever completes a job has it already). */
export type MovedJob = Omit<JobRow, "result"> & { seq: string };

/** What each transition writes, in terms of the input record `x` and the flush time `$3`. */
const setClauses: Record<TransitionKind, string> = {
  running: `status = 'running', attempts = j.attempts + 1, started_at = $3, updated_at = $3`,
  retrying: `status = 'retrying', error = x.error, updated_at = $3`,
  completed: `status = 'completed', result = x.result, error = NULL, progress = 100, finished_at = $3, updated_at = $3`,
  failed: `status = 'failed', error = x.error, finished_at = $3, updated_at = $3`,
  cancelled: `status = 'cancelled', finished_at = $3, updated_at = $3`,
  queued: `status = 'queued', attempts = 0, progress = 0, result = NULL, error = NULL, started_at = NULL, finished_at = NULL, updated_at = $3`,
};

/** Completing and retrying callers never look at the payload again: not read back. */
const notReadBack: Record<TransitionKind, readonly JobField[]> = {
  running: ["result"],
  retrying: ["result", "payload"],
  completed: ["result", "payload"],
  failed: ["result"],
  cancelled: ["result"],
  queued: ["result"],
};

interface InputRecord {
  id: string;
  owner_id: string | null;
  attempt: number;
  result: unknown;
  error: unknown;
  detail: unknown;
}

function publicError({ message, name, attempt }: AttemptError) {
  return { message, name, attempt };
}

function inputRecord({ jobId, ownerId, transition }: MoveInput): InputRecord {
  const base = { id: jobId, owner_id: ownerId, attempt: 0, result: null, error: null, detail: null };
  switch (transition.to) {
    case "running":
    case "queued":
      return transition.to === "queued" ? { ...base, detail: { redriven: true } } : base;
    case "retrying":
    case "failed":
      // The row keeps what clients may see; the event keeps the stack for operators.
      return { ...base, attempt: transition.attempt, error: publicError(transition.error), detail: transition.error };
    case "completed":
      return { ...base, attempt: transition.attempt, result: transition.result ?? null };
    case "cancelled":
      return { ...base, detail: { reason: transition.reason } };
  }
}

function statement(kind: TransitionKind): string {
  const moved = selectList("j", notReadBack[kind]);
  return `
    WITH x AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb)
        AS r(id uuid, owner_id uuid, attempt int, result jsonb, error jsonb, detail jsonb)
    ), moved AS (
      UPDATE jobs j SET ${setClauses[kind]}
      FROM x
      WHERE j.id = x.id AND (x.owner_id IS NULL OR j.owner_id = x.owner_id) AND j.status = ANY($2::job_status[])
      RETURNING ${moved}, x.attempt AS "eventAttempt", x.detail AS "eventDetail"
    ), events AS (
      INSERT INTO job_events (job_id, status, attempt, detail, created_at)
      SELECT id, status, CASE WHEN "eventAttempt" > 0 THEN "eventAttempt" ELSE attempts END, "eventDetail", $3 FROM moved
      RETURNING id, job_id
    )
    SELECT moved.*, events.id AS seq FROM moved JOIN events ON events.job_id = moved.id`;
}

const statements = Object.fromEntries(
  (Object.keys(setClauses) as TransitionKind[]).map((kind) => [kind, statement(kind)]),
) as Record<TransitionKind, string>;

/**
 * Moves every job of `moves` (all of one kind; each job at most once) in one statement. Returns, in input order,
 * each job as it was left, or null for the ones that did not move.
 */
export async function transitionJobs(pool: Pool, kind: TransitionKind, moves: readonly MoveInput[], now: Date): Promise<(MovedJob | null)[]> {
  const records = moves.map((move) => {
    if (move.transition.to !== kind) throw new Error(`a ${move.transition.to} move in a set of ${kind} moves`);
    return inputRecord(move);
  });
  const allowed: readonly JobStatus[] = allowedFrom[kind];
  const { rows } = await pool.query<Omit<MovedJob, "seq"> & { seq: string; eventAttempt: number; eventDetail: unknown }>({
    // Named: each connection plans it once, not on every call (planning cost as much as running it).
    name: `jobline.transition-${kind}`,
    text: statements[kind],
    values: [JSON.stringify(records), allowed, now],
  });
  const byId = new Map(rows.map(({ eventAttempt: _attempt, eventDetail: _detail, ...row }) => [row.id, row]));
  return moves.map((move) => byId.get(move.jobId) ?? null);
}

/**
 * Progress for a set of running jobs in one statement. Progress is not a status change and appends no timeline
 * event, but it still takes a number from the events' sequence, so listeners can order it among the job's events.
 * The number is kept as the job's `progress_seq`: a resumed event stream replays the latest report in that order.
 * It is taken under the row's lock (a concurrent move makes Postgres evaluate the SET again once it may write), so a
 * job's numbers follow the order its writes commit in.
 */
import type { Pool } from "pg";
import type { JobRow } from "../job-record";
import { inOrderOf, statusIn } from "./job-columns";

export interface ProgressInput {
  jobId: string;
  progress: number;
}

export type ProgressedJob = Pick<JobRow, "id" | "ownerId" | "type" | "queue" | "status" | "attempts" | "progress" | "updatedAt"> & {
  seq: string;
};

// `j.id = ANY($3)`: the rows found by primary key whatever the table's statistics say (see transition-jobs.ts).
const statement = `
  WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, progress float8))
  UPDATE jobs j SET progress = x.progress, updated_at = $2, progress_seq = nextval('job_events_id_seq')
  FROM x
  WHERE j.id = ANY($3::uuid[]) AND j.id = x.id AND ${statusIn("j", "'{running}'")}
  RETURNING j.id, j.owner_id AS "ownerId", j.type, j.queue, j.status, j.attempts, j.progress, j.updated_at AS "updatedAt",
    j.progress_seq::text AS seq`;

/** Writes each job's progress if it is running; returns, in input order, the moved job or null. */
export async function recordProgressOf(pool: Pool, inputs: readonly ProgressInput[], now: Date): Promise<(ProgressedJob | null)[]> {
  const { rows } = await pool.query<ProgressedJob>({
    name: "jobline.record-progress",
    text: statement,
    values: [JSON.stringify(inputs.map(({ jobId, progress }) => ({ id: jobId, progress }))), now, inputs.map((input) => input.jobId)],
  });
  return inOrderOf(
    inputs.map((input) => input.jobId),
    rows,
  );
}

import { jobStatuses, terminalStatuses } from "@jobline/contract";
import type { Pool } from "pg";

const unfinishedStatuses = jobStatuses.filter((status) => !terminalStatuses.includes(status));

/**
 * How many of the owner's jobs have not finished (queued, scheduled, running, retrying): the truth the API's cap on
 * unfinished jobs is resynchronised from. Compared as the enum (not as text) so the (owner_id, status, created_at)
 * index answers it alone.
 */
export async function countUnfinishedJobs(pool: Pool, ownerId: string): Promise<number> {
  const { rows } = await pool.query<{ count: string }>({
    name: "jobline.count-unfinished",
    text: "SELECT count(*) AS count FROM jobs WHERE owner_id = $1 AND status = ANY($2::job_status[])",
    values: [ownerId, unfinishedStatuses],
  });
  return Number(rows[0]?.count ?? 0);
}

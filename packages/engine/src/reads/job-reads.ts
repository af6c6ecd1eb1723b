/** Reads of jobs for a caller: every one takes the owner scope and filters in SQL. */
import { isJobId, readJob, readJobPage, type JobRow, type Pool } from "@jobline/db";
import type { ListJobsQuery } from "@jobline/contract";
import { ownerIdFilter, type OwnerScope } from "../actors/owner-scope";
import { InvalidInputError } from "../errors";
import { pageOf, positionAfter } from "./keyset-cursor";

/** A job of the scope's owner, or null: another owner's job and an unknown id look the same. */
export async function findJob(pool: Pool, scope: OwnerScope, id: string): Promise<JobRow | null> {
  if (!isJobId(id)) return null;
  return readJob(pool, id, ownerIdFilter(scope) ?? null);
}

/** A page of the scope's jobs matching every filter; `ownerId` narrows an admin's view and is refused to anyone else. */
export async function listJobs(
  pool: Pool,
  scope: OwnerScope,
  query: ListJobsQuery,
): Promise<{ rows: JobRow[]; nextCursor: string | null }> {
  if (query.ownerId !== undefined && scope.kind !== "all")
    throw new InvalidInputError([{ path: "ownerId", message: "only admins may filter by owner" }]);
  const after = positionAfter(query.cursor);
  const rows = await readJobPage(pool, {
    ownerId: ownerIdFilter(scope) ?? query.ownerId ?? null,
    statuses: query.status,
    type: query.type,
    queue: query.queue,
    scheduleId: query.scheduleId,
    createdAfter: query.createdAfter,
    createdBefore: query.createdBefore,
    metadata: query.metadata,
    errorText: query.q,
    fingerprint: query.fingerprint,
    after,
    limit: query.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, query.limit);
  return { rows: page, nextCursor };
}

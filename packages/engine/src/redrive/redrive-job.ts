/**
 * Re-driving one job, for the API's retry and the dashboard's Retry alike: a failed or cancelled job goes back to
 * its queue with attempts reset; with a replacement payload (the API's), it runs that instead of its own.
 */
import type { JobCatalogue } from "@jobline/contract";
import { isJobId, type JobDoor, type MovedJob, type Pool, type PrismaClient } from "@jobline/db";
import { scopeOf, type Actor } from "../actors/actor";
import { ownerIdFilter } from "../actors/owner-scope";
import { auditJobOperation } from "../audit/job-audit";
import { NotFoundError, StateConflictError } from "../errors";
import { findJob } from "../reads/job-reads";
import { replacementPayload } from "./replacement-payload";
import { requeueEntry, type RequeueDeps } from "./requeue-entry";

export interface RedriveDeps extends RequeueDeps {
  prisma: Pick<PrismaClient, "auditEntry">;
  pool: Pool;
  door: JobDoor;
  catalogue: JobCatalogue;
}

export async function redriveJob(deps: RedriveDeps, actor: Actor, id: string, replacement?: { payload: unknown }): Promise<MovedJob> {
  const scope = scopeOf(actor);
  if (!isJobId(id)) throw new NotFoundError(`no job ${id}`);
  const payload = replacement === undefined ? undefined : await replacementPayload(deps, scope, id, replacement.payload);
  const moved = await deps.door.transition(
    { jobId: id, ownerId: ownerIdFilter(scope) },
    payload === undefined ? { to: "queued" } : { to: "queued", payload },
  );
  if (!moved) {
    const current = await findJob(deps.pool, scope, id);
    if (!current) throw new NotFoundError(`no job ${id}`);
    throw new StateConflictError(`a ${current.status} job cannot be retried; only failed or cancelled ones can`);
  }
  await requeueEntry(deps, moved);
  await auditJobOperation(deps.prisma, actor, "redrive", moved, { payloadReplaced: payload !== undefined });
  return moved;
}

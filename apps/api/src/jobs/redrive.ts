import { isJobId, type JobDoor, type MovedJob, type Pool } from "@jobline/db";
import { redriveJob, withinLimit, type JobQueues, type RetentionOptions } from "@jobline/queues";
import { ownerIdFilter, type OwnerScope } from "../auth/principal";
import { ConflictError, DependencyUnavailableError, NotFoundError } from "../http/errors";
import { findJob } from "./job-store";

export interface RedriveDeps {
  pool: Pool;
  door: JobDoor;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions };
}

/** Writes a re-driven job's fresh queue entry (the row already says queued). */
async function requeue(deps: RedriveDeps, moved: MovedJob): Promise<void> {
  try {
    await withinLimit(redriveJob(deps.queues, moved, deps.config.retention), deps.config.enqueueTimeoutMs);
  } catch (error) {
    throw new DependencyUnavailableError("redis is unavailable: the job is marked queued but its queue entry could not be written", { cause: error });
  }
}

/**
 * `POST /v1/jobs/{id}/retry`: a failed or cancelled job goes back to its queue with attempts reset; with `payload`
 * (already checked against the job's type), it runs that instead of its own.
 */
export async function redrive(deps: RedriveDeps, scope: OwnerScope, id: string, payload?: unknown): Promise<MovedJob> {
  if (!isJobId(id)) throw new NotFoundError(`no job ${id}`);
  const moved = await deps.door.transition({ jobId: id, ownerId: ownerIdFilter(scope) }, payload === undefined ? { to: "queued" } : { to: "queued", payload });
  if (!moved) {
    const current = await findJob(deps.pool, scope, id);
    if (!current) throw new NotFoundError(`no job ${id}`);
    throw new ConflictError(`a ${current.status} job cannot be retried; only failed or cancelled ones can`);
  }
  await requeue(deps, moved);
  return moved;
}

/** Jobs moved per round: the door writes them as one set, then their entries are written together. */
const redriveSetSize = 200;

/**
 * Re-drives many jobs (an operator's, across owners) as `redrive` does one, a set at a time. A job that is no longer
 * re-drivable (someone else moved it meanwhile) is skipped. `moved`: the jobs whose rows moved, even when a later step
 * failed (`failure`, say Redis being down: their rows say queued, and the reconciler writes the missing entries).
 */
export async function redriveMany(deps: RedriveDeps, ids: readonly string[]): Promise<{ moved: string[]; failure?: unknown }> {
  const moved: string[] = [];
  try {
    for (let start = 0; start < ids.length; start += redriveSetSize) {
      const set = ids.slice(start, start + redriveSetSize);
      const rows = (await Promise.all(set.map((jobId) => deps.door.transition({ jobId }, { to: "queued" })))).filter((row) => row !== null);
      moved.push(...rows.map((row) => row.id));
      await Promise.all(rows.map((row) => requeue(deps, row)));
    }
  } catch (failure) {
    return { moved, failure };
  }
  return { moved };
}

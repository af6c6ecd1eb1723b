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

/** `POST /v1/jobs/{id}/retry`: a failed or cancelled job goes back to its queue with attempts reset. */
export async function redrive(deps: RedriveDeps, scope: OwnerScope, id: string): Promise<MovedJob> {
  if (!isJobId(id)) throw new NotFoundError(`no job ${id}`);
  const moved = await deps.door.transition({ jobId: id, ownerId: ownerIdFilter(scope) }, { to: "queued" });
  if (!moved) {
    const current = await findJob(deps.pool, scope, id);
    if (!current) throw new NotFoundError(`no job ${id}`);
    throw new ConflictError(`a ${current.status} job cannot be retried; only failed or cancelled ones can`);
  }
  try {
    await withinLimit(redriveJob(deps.queues, moved, deps.config.retention), deps.config.enqueueTimeoutMs);
  } catch (error) {
    throw new DependencyUnavailableError("redis is unavailable: the job is marked queued but its queue entry could not be written", { cause: error });
  }
  return moved;
}

import { withdrawEntry } from "@jobline/engine";
import { isJobId, type JobDoor, type MovedJob, type Pool } from "@jobline/db";
import { withinLimit, type JobQueues } from "@jobline/queues";
import type { Redis } from "ioredis";
import { ownerIdFilter, type OwnerScope } from "../auth/principal";
import { ConflictError, DependencyUnavailableError, NotFoundError } from "../http/errors";
import { findJob } from "./job-store";

export interface CancelDeps {
  pool: Pool;
  door: JobDoor;
  redis: Redis;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number };
}

/**
 * `POST /v1/jobs/{id}/cancel`. The row moves first (a conditional write: whoever finishes the job after this
 * cannot overwrite it); then the queue entry is removed, or, when a worker holds it, that worker is told to
 * abort the attempt (packages/queues `withdrawEntry`).
 */
export async function cancel(deps: CancelDeps, scope: OwnerScope, id: string, reason: string): Promise<MovedJob> {
  if (!isJobId(id)) throw new NotFoundError(`no job ${id}`);
  const moved = await deps.door.transition({ jobId: id, ownerId: ownerIdFilter(scope) }, { to: "cancelled", reason });
  if (!moved) {
    const current = await findJob(deps.pool, scope, id);
    if (!current) throw new NotFoundError(`no job ${id}`);
    throw new ConflictError(`a ${current.status} job cannot be cancelled; it has already finished`);
  }
  try {
    await withinLimit(withdrawEntry(deps.queues, deps.redis, moved, reason), deps.config.enqueueTimeoutMs);
  } catch (error) {
    // The row says cancelled, and a worker that takes the entry later skips it; only a running attempt goes on
    // until it ends (its result is then refused). The client may ask again to stop it sooner.
    throw new DependencyUnavailableError("redis is unavailable: the job is marked cancelled but could not be withdrawn from its queue", {
      cause: error,
    });
  }
  return moved;
}

/**
 * Cancelling a job, for the API's cancel and the dashboard's Remove alike. The row moves first (a conditional write:
 * whoever finishes the job after this cannot overwrite it); then the queue entry is removed, or, when a worker holds
 * it, that worker is told to abort the attempt (withdraw-entry.ts).
 */
import { isJobId, type JobDoor, type MovedJob, type Pool, type PrismaClient } from "@jobline/db";
import { withinLimit, type JobQueues } from "@jobline/queues";
import type { Redis } from "ioredis";
import { scopeOf, type Actor } from "../actors/actor";
import { ownerIdFilter } from "../actors/owner-scope";
import { auditJobOperation } from "../audit/job-audit";
import { DependencyDownError, NotFoundError, StateConflictError } from "../errors";
import { findJob } from "../reads/job-reads";
import { withdrawEntry } from "./withdraw-entry";

export interface CancelDeps {
  prisma: Pick<PrismaClient, "auditEntry">;
  pool: Pool;
  door: JobDoor;
  redis: Redis;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number };
}

/** What the job's timeline and a running attempt's abort say of who cancelled it. */
function reasonOf(actor: Actor): string {
  return actor.kind === "token" ? `cancelled through the API (key ${actor.apiKeyId})` : `cancelled from the dashboard by ${actor.operator}`;
}

export async function cancelJob(deps: CancelDeps, actor: Actor, id: string): Promise<MovedJob> {
  const scope = scopeOf(actor);
  if (!isJobId(id)) throw new NotFoundError(`no job ${id}`);
  const reason = reasonOf(actor);
  const moved = await deps.door.transition({ jobId: id, ownerId: ownerIdFilter(scope) }, { to: "cancelled", reason });
  if (!moved) {
    const current = await findJob(deps.pool, scope, id);
    if (!current) throw new NotFoundError(`no job ${id}`);
    throw new StateConflictError(`a ${current.status} job cannot be cancelled; it has already finished`);
  }
  try {
    await withinLimit(withdrawEntry(deps.queues, deps.redis, moved, reason), deps.config.enqueueTimeoutMs);
  } catch (error) {
    // The row says cancelled, and a worker that takes the entry later skips it; only a running attempt goes on
    // until it ends (its result is then refused). The client may ask again to stop it sooner.
    throw new DependencyDownError("redis", "redis is unavailable: the job is marked cancelled but could not be withdrawn from its queue", {
      cause: error,
    });
  }
  await auditJobOperation(deps.prisma, actor, "cancel", moved);
  return moved;
}

/**
 * Promoting a job cuts its wait short, for the API's promote and the dashboard's Promote alike: a scheduled job runs
 * now (its runAt cleared; it stays `scheduled` until a worker starts it), a retrying one skips the rest of its
 * backoff (its row does not change). Any other job has no wait to cut short.
 */
import type { WorkQueueName } from "@jobline/contract";
import type { JobDoor, JobRow, MovedJob, Pool, PrismaClient } from "@jobline/db";
import { withinLimit, type JobQueues } from "@jobline/queues";
import { scopeOf, type Actor } from "../actors/actor";
import { ownerIdFilter } from "../actors/owner-scope";
import { auditJobOperation } from "../audit/job-audit";
import { DependencyDownError, NotFoundError, StateConflictError } from "../errors";
import { findJob } from "../reads/job-reads";

export interface PromoteDeps {
  prisma: Pick<PrismaClient, "auditEntry">;
  pool: Pool;
  door: JobDoor;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number };
}

async function promoteEntry(queues: JobQueues, job: { id: string; queue: string }): Promise<void> {
  const entry = await queues.work[job.queue as WorkQueueName].getJob(job.id);
  // No entry (Redis lost it): the reconciler enqueues the row again, now without a runAt, so it runs at once.
  if (entry && (await entry.isDelayed())) await entry.promote();
}

/** The job as the promote left it: the moved row of a scheduled job, the unchanged row of a retrying one. */
export async function promoteJob(deps: PromoteDeps, actor: Actor, id: string): Promise<MovedJob | JobRow> {
  const scope = scopeOf(actor);
  const moved = await deps.door.transition({ jobId: id, ownerId: ownerIdFilter(scope) }, { to: "scheduled", runAt: null });
  const job = moved ?? (await findJob(deps.pool, scope, id));
  if (!job) throw new NotFoundError(`no job ${id}`);
  if (!moved && job.status !== "retrying")
    throw new StateConflictError(`a ${job.status} job has no wait to cut short; only scheduled or retrying ones can be promoted`);
  try {
    await withinLimit(promoteEntry(deps.queues, job), deps.config.enqueueTimeoutMs);
  } catch (error) {
    // A scheduled row whose entry is still delayed: the reconciler leaves it, and it runs at its old time.
    throw new DependencyDownError("redis", "redis is unavailable: the job's entry could not be promoted", { cause: error });
  }
  await auditJobOperation(deps.prisma, actor, "promote", job);
  return job;
}

import { transitionJob, type JobRow, type PrismaClient } from "@jobline/db";
import { redriveJob, withinLimit, type JobQueues, type RetentionOptions } from "@jobline/queues";
import { ownerIdFilter, type OwnerScope } from "../auth/principal";
import { ConflictError, DependencyUnavailableError, NotFoundError } from "../http/errors";
import { findJob, isUuid } from "./job-store";

/** `POST /v1/jobs/{id}/retry`: a failed or cancelled job goes back to its queue with attempts reset. */
export async function redrive(deps: { prisma: PrismaClient; queues: JobQueues; config: { enqueueTimeoutMs: number; retention: RetentionOptions } }, scope: OwnerScope, id: string): Promise<JobRow> {
  if (!isUuid(id)) throw new NotFoundError(`no job ${id}`);
  const moved = await transitionJob(deps.prisma, { jobId: id, ownerId: ownerIdFilter(scope) }, { to: "queued" });
  if (!moved) {
    const current = await findJob(deps.prisma, scope, id);
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

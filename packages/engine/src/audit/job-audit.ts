/**
 * What the audit log records of an operation on a job, by who acted. An owner acting on its own jobs through the API
 * is using the API, not taking an operator action: its cancel and promote are not recorded, an admin's are. A
 * re-drive is recorded whoever asks for it, and so is every dashboard action. An entry is written once the operation
 * succeeded.
 */
import { recordAudit, type AuditRecord, type PrismaClient } from "@jobline/db";
import { auditActorOf, type Actor } from "../actors/actor";

export type JobOperation = "cancel" | "redrive" | "promote";

const dashboardActions: Record<JobOperation, string> = {
  cancel: "dashboard.remove",
  redrive: "dashboard.retry",
  promote: "dashboard.promote",
};

interface AuditedJob {
  id: string;
  ownerId: string;
  type: string;
  queue: string;
}

function entryOf(actor: Actor, operation: JobOperation, job: AuditedJob, payloadReplaced: boolean): AuditRecord | null {
  const by = auditActorOf(actor);
  if (actor.kind === "dashboard") {
    return {
      actor: by,
      action: dashboardActions[operation],
      target: job.id,
      // The job's own queue, whichever queue's path the board sent (a dead letter's retry comes through its queue).
      detail: {
        queue: job.queue,
        ...(actor.queue === undefined || actor.queue === job.queue ? {} : { takenIn: actor.queue }),
        type: job.type,
      },
    };
  }
  if (operation === "redrive")
    return {
      actor: by,
      action: "job.redrive",
      target: job.id,
      detail: payloadReplaced ? { type: job.type, payloadReplaced: true } : { type: job.type },
    };
  if (!actor.admin) return null;
  return { actor: by, action: `job.${operation}`, target: job.id, detail: { ownerId: job.ownerId, type: job.type } };
}

export async function auditJobOperation(
  prisma: Pick<PrismaClient, "auditEntry">,
  actor: Actor,
  operation: JobOperation,
  job: AuditedJob,
  options: { payloadReplaced?: boolean } = {},
): Promise<void> {
  const entry = entryOf(actor, operation, job, options.payloadReplaced ?? false);
  if (entry) await recordAudit(prisma, entry);
}

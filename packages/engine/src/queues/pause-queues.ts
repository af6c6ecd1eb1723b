/**
 * Pausing and resuming queues from the dashboard. No row changes: a paused queue's jobs stay queued, which is what the
 * API says of them. Recorded in the audit log like every dashboard action.
 */
import { recordAudit, type PrismaClient } from "@jobline/db";
import type { JobQueues } from "@jobline/queues";
import { auditActorOf, type DashboardActor } from "../actors/actor";

/** The operator's queue (`actor.queue`, a name the caller checked), or every queue when it names none. */
export async function setQueuesPaused(
  deps: { prisma: Pick<PrismaClient, "auditEntry">; queues: JobQueues },
  actor: DashboardActor,
  paused: boolean,
): Promise<void> {
  const queues = deps.queues.all().filter((queue) => actor.queue === undefined || queue.name === actor.queue);
  await Promise.all(queues.map((queue) => (paused ? queue.pause() : queue.resume())));
  await recordAudit(deps.prisma, {
    actor: auditActorOf(actor),
    action: paused ? "dashboard.pause" : "dashboard.resume",
    target: actor.queue ?? "all queues",
  });
}

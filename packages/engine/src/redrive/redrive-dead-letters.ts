/**
 * Re-driving dead letters by selection (fingerprint, type, time of failure, ids): the failed jobs the selectors match
 * (oldest failures first, up to the limit) go back to their queues. One audit entry per request, dry runs included,
 * saying what was selected and how many moved; it is written even when Redis failed partway, since those rows did
 * move.
 */
import { recordAudit, selectFailedJobs, type JobDoor, type Pool, type PrismaClient } from "@jobline/db";
import type { RedriveDeadLettersBody, RedriveOutcome } from "@jobline/contract";
import { auditActorOf, type Actor } from "../actors/actor";
import type { RequeueDeps } from "./requeue-entry";
import { redriveJobs } from "./redrive-jobs";

export interface DeadLetterRedriveDeps extends RequeueDeps {
  prisma: Pick<PrismaClient, "auditEntry">;
  pool: Pool;
  door: JobDoor;
}

export async function redriveDeadLetters(deps: DeadLetterRedriveDeps, actor: Actor, body: RedriveDeadLettersBody): Promise<RedriveOutcome> {
  const { dryRun, limit, ...selectors } = body;
  const { matched, jobIds } = await selectFailedJobs(deps.pool, { ...selectors, limit });
  const { moved, failure } = dryRun ? { moved: [] } : await redriveJobs(deps, jobIds);
  await recordAudit(deps.prisma, {
    actor: auditActorOf(actor),
    action: "dead-letters.redrive",
    target: selectors.fingerprint ? `fingerprint ${selectors.fingerprint}` : "failed jobs",
    count: dryRun ? jobIds.length : moved.length,
    detail: {
      ...selectors,
      ...(selectors.jobIds ? { jobIds: [...selectors.jobIds] } : {}),
      limit,
      dryRun,
      matched,
      ...(failure ? { incomplete: true } : {}),
    },
  });
  if (failure) throw failure;
  return { matched, redriven: moved.length, jobIds: dryRun ? jobIds : moved };
}

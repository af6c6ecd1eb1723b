import { recordAudit, selectFailedJobs, type AuditActor, type PrismaClient } from "@jobline/db";
import type { RedriveDeadLettersBody, RedriveOutcome } from "@jobline/contract";
import { redriveMany, type RedriveDeps } from "./redrive";

/**
 * `POST /v1/dead-letters/redrive`: the failed jobs the selectors match (oldest failures first, up to the limit) go
 * back to their queues. One audit entry per request, dry runs included, saying what was selected and how many moved;
 * it is written even when Redis failed partway, since those rows did move.
 */
export async function redriveDeadLetters(deps: RedriveDeps & { prisma: PrismaClient }, actor: AuditActor, body: RedriveDeadLettersBody): Promise<RedriveOutcome> {
  const { dryRun, limit, ...selectors } = body;
  const { matched, jobIds } = await selectFailedJobs(deps.pool, { ...selectors, limit });
  const { moved, failure } = dryRun ? { moved: [] } : await redriveMany(deps, jobIds);
  await recordAudit(deps.prisma, {
    actor,
    action: "dead-letters.redrive",
    target: selectors.fingerprint ? `fingerprint ${selectors.fingerprint}` : "failed jobs",
    count: dryRun ? jobIds.length : moved.length,
    detail: { ...selectors, ...(selectors.jobIds ? { jobIds: [...selectors.jobIds] } : {}), limit, dryRun, matched, ...(failure ? { incomplete: true } : {}) },
  });
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what redriveMany caught, as it was
  if (failure) throw failure;
  return { matched, redriven: moved.length, jobIds: dryRun ? jobIds : moved };
}

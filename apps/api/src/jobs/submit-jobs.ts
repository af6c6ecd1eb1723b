import { randomUUID } from "node:crypto";
import type { JobRow, Prisma, PrismaClient } from "@jobline/db";
import type { ValidatedSubmission } from "@jobline/jobs";
import { enqueueJobs, withinLimit, type JobQueues, type RetentionOptions } from "@jobline/queues";
import type { Principal } from "../auth/principal";
import { ConflictError, DependencyUnavailableError, IdempotencyKeyReusedError } from "../http/errors";
import { claimKey, type IdempotentRequest } from "./idempotency";

export interface SubmitDeps {
  prisma: PrismaClient;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions };
}

export interface Submitted {
  /** In the order the client sent them. */
  rows: JobRow[];
  /** True when an Idempotency-Key matched an earlier request: these are its jobs, as they are now. */
  replayed: boolean;
}

function when(submission: ValidatedSubmission, now: Date): Date | null {
  if (submission.runAt) return new Date(submission.runAt);
  if (submission.delayMs) return new Date(now.getTime() + submission.delayMs);
  return null;
}

function toRow(submission: ValidatedSubmission, ownerId: string, now: Date, idempotencyKey: string | null): Prisma.JobCreateManyInput {
  const runAt = when(submission, now);
  const { definition } = submission;
  return {
    id: randomUUID(),
    ownerId,
    type: submission.type,
    queue: definition.queue,
    status: runAt && runAt.getTime() > now.getTime() ? "scheduled" : "queued",
    payload: submission.payload as Prisma.InputJsonValue,
    priority: submission.priority,
    maxAttempts: submission.maxAttempts ?? definition.defaults.maxAttempts,
    timeoutMs: submission.timeoutMs ?? definition.defaults.timeoutMs,
    runAt,
    callbackUrl: submission.callbackUrl ?? null,
    idempotencyKey,
    metadata: submission.metadata,
    createdAt: now,
    updatedAt: now,
  };
}

/** The jobs of the earlier request that holds the key, in its order; a 409 if that request was a different one. */
async function replay(prisma: PrismaClient, ownerId: string, request: IdempotentRequest, held: { requestHash: string; jobIds: string[] }): Promise<JobRow[]> {
  if (held.requestHash !== request.requestHash) {
    throw new IdempotencyKeyReusedError(`Idempotency-Key "${request.key}" was used in the last 24 h for a different request`);
  }
  const rows = await prisma.job.findMany({ where: { id: { in: held.jobIds }, ownerId } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = held.jobIds.flatMap((id) => byId.get(id) ?? []);
  // Only while the first request is being rolled back (Redis refused its entries): its client got a 503.
  if (ordered.length !== held.jobIds.length) throw new ConflictError(`the first request with Idempotency-Key "${request.key}" did not complete; send it again`);
  return ordered;
}

/**
 * Records the jobs (row first: the row is the truth), then enqueues them under the rows' ids.
 * If Redis refuses, the rows (and the idempotency key's claim) are removed again and the client gets a 503,
 * so no 202 is ever given for a job that has no queue entry.
 * With an Idempotency-Key, a request that repeats a live one creates nothing and gets that one's jobs back.
 */
export async function submitJobs(
  deps: SubmitDeps,
  principal: Principal,
  submissions: ValidatedSubmission[],
  idempotency?: IdempotentRequest,
): Promise<Submitted> {
  const now = new Date();
  const ownerId = principal.ownerId;
  const data = submissions.map((submission) => toRow(submission, ownerId, now, idempotency?.key ?? null));
  const jobIds = data.map((row) => row.id as string);
  const written = await deps.prisma.$transaction(async (tx) => {
    if (idempotency) {
      const claim = await claimKey(tx, { ...idempotency, ownerId, jobIds, now });
      if (claim.kind === "taken") return claim;
    }
    const created = await tx.job.createManyAndReturn({ data });
    await tx.jobEvent.createMany({ data: created.map((row) => ({ jobId: row.id, status: row.status, attempt: 0, createdAt: now })) });
    return { kind: "created" as const, rows: created };
  });
  if (written.kind === "taken") return { rows: await replay(deps.prisma, ownerId, idempotency!, written), replayed: true };

  const rows = written.rows;
  try {
    await withinLimit(enqueueJobs(deps.queues, rows, deps.config.retention), deps.config.enqueueTimeoutMs);
  } catch (error) {
    await deps.prisma.$transaction([
      deps.prisma.job.deleteMany({ where: { id: { in: jobIds } } }),
      // Only our own claim (same creation time): the key is free again for the client's retry.
      deps.prisma.idempotencyKey.deleteMany({ where: { ownerId, key: idempotency?.key ?? "", createdAt: now } }),
    ]);
    throw new DependencyUnavailableError("redis is unavailable; the job was not accepted", { cause: error });
  }
  // createManyAndReturn does not promise the input order; answer in the order the client sent.
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { rows: jobIds.map((id) => byId.get(id) as JobRow), replayed: false };
}

import { randomUUID } from "node:crypto";
import type { JobRow, Prisma, PrismaClient } from "@jobline/db";
import type { ValidatedSubmission } from "@jobline/jobs";
import { enqueueJobs, withinLimit, type JobQueues } from "@jobline/queues";
import type { Principal } from "../auth/principal";
import { DependencyUnavailableError } from "../http/errors";

export interface SubmitDeps {
  prisma: PrismaClient;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number };
}

function when(submission: ValidatedSubmission, now: Date): Date | null {
  if (submission.runAt) return new Date(submission.runAt);
  if (submission.delayMs) return new Date(now.getTime() + submission.delayMs);
  return null;
}

function toRow(submission: ValidatedSubmission, ownerId: string, now: Date): Prisma.JobCreateManyInput {
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
    metadata: submission.metadata,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Records the jobs (row first: the row is the truth), then enqueues them under the rows' ids.
 * If Redis refuses, the rows are removed again and the client gets a 503, so no 202 is ever given
 * for a job that has no queue entry.
 */
export async function submitJobs(deps: SubmitDeps, principal: Principal, submissions: ValidatedSubmission[]): Promise<JobRow[]> {
  const now = new Date();
  const data = submissions.map((submission) => toRow(submission, principal.ownerId, now));
  const rows = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.job.createManyAndReturn({ data });
    await tx.jobEvent.createMany({ data: created.map((row) => ({ jobId: row.id, status: row.status, attempt: 0, createdAt: now })) });
    return created;
  });
  try {
    await withinLimit(enqueueJobs(deps.queues, rows), deps.config.enqueueTimeoutMs);
  } catch (error) {
    await deps.prisma.job.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    throw new DependencyUnavailableError("redis is unavailable; the job was not accepted", { cause: error });
  }
  // createManyAndReturn does not promise the input order; answer in the order the client sent.
  const byId = new Map(rows.map((row) => [row.id, row]));
  return data.map((row) => byId.get(row.id as string) as JobRow);
}

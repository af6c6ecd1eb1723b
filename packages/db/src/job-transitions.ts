/**
 * The one door for every change of a job's status. Each transition is a conditional write
 * (`UPDATE … WHERE id = … AND status IN (…)`) plus an event on the job's timeline, in one transaction.
 * Zero rows updated means the move is not allowed from the row's current status, or someone else won.
 */
import type { JobStatus } from "@jobline/jobs";
import { Prisma, type PrismaClient } from "./generated/prisma/client";
import type { JobRow, StoredJobError } from "./job-record";

/** An error as the worker reports it: the client-facing part plus the stack, kept for operators. */
export interface AttemptError extends StoredJobError {
  stack?: string;
}

export type Transition =
  /** A worker starts the job: `attempts` counts every start, including ones cut short by a crash (a stall) or a shutdown. */
  | { to: "running" }
  | { to: "retrying"; attempt: number; error: AttemptError }
  | { to: "completed"; attempt: number; result: unknown }
  | { to: "failed"; attempt: number; error: AttemptError }
  | { to: "cancelled"; reason: string }
  /** Re-drive: back to the queue with attempts reset. */
  | { to: "queued" };

/** Which statuses each transition may start from. `running → running` is a stalled job picked up again. */
export const allowedFrom: Record<Transition["to"], readonly JobStatus[]> = {
  running: ["queued", "scheduled", "retrying", "running"],
  retrying: ["running"],
  completed: ["running"],
  failed: ["running", "queued", "scheduled", "retrying"],
  cancelled: ["queued", "scheduled", "running", "retrying"],
  queued: ["failed", "cancelled"],
};

/** No value is SQL NULL (`DbNull`), not the JSON literal `null`, so that `IS NULL` and a fresh row's empty columns agree. */
function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

function publicError({ message, name, attempt }: AttemptError): StoredJobError {
  return { message, name, attempt };
}

function changes(transition: Transition, now: Date): { row: Prisma.JobUpdateManyMutationInput; attempt: number; detail: unknown } {
  switch (transition.to) {
    case "running":
      return {
        row: { status: "running", attempts: { increment: 1 }, startedAt: now, updatedAt: now },
        attempt: 0,
        detail: null,
      };
    case "retrying":
      return {
        row: { status: "retrying", error: json(publicError(transition.error)), updatedAt: now },
        attempt: transition.attempt,
        detail: transition.error,
      };
    case "completed":
      return {
        row: { status: "completed", result: json(transition.result), error: Prisma.DbNull, progress: 100, finishedAt: now, updatedAt: now },
        attempt: transition.attempt,
        detail: null,
      };
    case "failed":
      return {
        row: { status: "failed", error: json(publicError(transition.error)), finishedAt: now, updatedAt: now },
        attempt: transition.attempt,
        detail: transition.error,
      };
    case "cancelled":
      return { row: { status: "cancelled", finishedAt: now, updatedAt: now }, attempt: 0, detail: { reason: transition.reason } };
    case "queued":
      return {
        row: {
          status: "queued",
          attempts: 0,
          progress: 0,
          result: Prisma.DbNull,
          error: Prisma.DbNull,
          startedAt: null,
          finishedAt: null,
          updatedAt: now,
        },
        attempt: 0,
        detail: { redriven: true },
      };
  }
}

/**
 * Moves a job to a new status if its current status allows it. `ownerId` scopes the write to one owner
 * (client routes); the worker and admin paths leave it out. Returns the updated row, or null when nothing moved.
 */
export async function transitionJob(
  prisma: PrismaClient,
  target: { jobId: string; ownerId?: string },
  transition: Transition,
): Promise<JobRow | null> {
  const now = new Date();
  const { row, attempt, detail } = changes(transition, now);
  return prisma.$transaction(async (tx) => {
    const [updated] = await tx.job.updateManyAndReturn({
      where: { id: target.jobId, ownerId: target.ownerId, status: { in: [...allowedFrom[transition.to]] } },
      data: row,
    });
    if (!updated) return null;
    await tx.jobEvent.create({
      data: { jobId: updated.id, status: updated.status, attempt: attempt || updated.attempts, detail: json(detail), createdAt: now },
    });
    return updated;
  });
}

/** Progress is not a status change: it only moves while the job runs, and adds no timeline event. */
export async function recordProgress(prisma: PrismaClient, jobId: string, progress: number): Promise<boolean> {
  // NaN slips through the clamp below (Math.min/max return NaN) and Postgres would store it.
  if (Number.isNaN(progress)) return false;
  const { count } = await prisma.job.updateMany({
    where: { id: jobId, status: "running" },
    data: { progress: Math.min(100, Math.max(0, progress)), updatedAt: new Date() },
  });
  return count === 1;
}

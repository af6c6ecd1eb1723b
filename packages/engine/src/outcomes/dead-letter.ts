/**
 * Dead-lettering: a job whose last attempt failed is kept in the `dead-letter` queue with what an operator needs
 * to understand and re-drive it: type, payload, the final error with its stack, and every attempt's outcome.
 */
import type { WorkQueueName } from "@jobline/contract";
import type { AttemptError, JobEvent, JobRow, PrismaClient } from "@jobline/db";
import type { DeadLetterData, JobQueues } from "@jobline/queues";

/** What a dead letter needs of the row: a moved job or a full row both have it. */
export type DeadRow = Pick<JobRow, "id" | "type" | "queue" | "payload" | "finishedAt">;

type AttemptHistory = DeadLetterData["attempts"];

function storedError(detail: unknown): AttemptHistory[number]["error"] {
  if (typeof detail !== "object" || detail === null) return undefined;
  const { message, name, stack } = detail as Partial<AttemptError>;
  if (typeof message !== "string" || typeof name !== "string") return undefined;
  return typeof stack === "string" ? { message, name, stack } : { message, name };
}

/** The timeline as attempt history: each status the job went through, with the error where there was one. */
export function attemptHistory(events: readonly Pick<JobEvent, "attempt" | "status" | "createdAt" | "detail">[]): AttemptHistory {
  return events.map((event) => {
    const error = storedError(event.detail);
    return { attempt: event.attempt, status: event.status, at: event.createdAt.toISOString(), ...(error ? { error } : {}) };
  });
}

export function deadLetterData(row: DeadRow, error: AttemptError, history: AttemptHistory): DeadLetterData {
  return {
    jobId: row.id,
    queue: row.queue as WorkQueueName,
    type: row.type,
    payload: row.payload,
    error: { message: error.message, name: error.name, stack: error.stack },
    attempts: history,
    failedAt: (row.finishedAt ?? new Date()).toISOString(),
  };
}

/** Named after the row, like every entry: a second add for the same failure is ignored by BullMQ. */
export async function deadLetter(prisma: PrismaClient, queues: JobQueues, row: DeadRow, error: AttemptError): Promise<void> {
  const events = await prisma.jobEvent.findMany({ where: { jobId: row.id }, orderBy: { id: "asc" } });
  await queues.deadLetter.add(row.type, deadLetterData(row, error, attemptHistory(events)), { jobId: row.id });
}

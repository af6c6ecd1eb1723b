import type { JobError, JobResource, WorkQueueName } from "@jobline/jobs";
import type { Job } from "./generated/prisma/client";

export type JobRow = Job;

/** The error as stored in a job's row: what clients see. Stacks live in the job's events and the dead-letter queue. */
export type StoredJobError = JobError;

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A row as the REST contract shows it. */
export function toJobResource(row: JobRow): JobResource {
  return {
    id: row.id,
    type: row.type,
    queue: row.queue as WorkQueueName,
    status: row.status,
    payload: row.payload,
    priority: row.priority,
    progress: row.progress,
    result: row.result ?? null,
    error: (row.error as StoredJobError | null) ?? null,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    timeoutMs: row.timeoutMs,
    runAt: iso(row.runAt),
    idempotencyKey: row.idempotencyKey,
    callbackUrl: row.callbackUrl,
    metadata: row.metadata as JobResource["metadata"],
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    updatedAt: row.updatedAt.toISOString(),
  };
}

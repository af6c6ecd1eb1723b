import type { JobRow, StoredJobError } from "./job-record";
import type { MovedJob } from "./sql/transition-jobs";
import type { JobResource, WorkQueueName } from "@jobline/contract";

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A row as the REST contract (and a webhook body) shows it. A moved job carries no result: only a completing move sets one. */
export function toJobResource(row: JobRow | MovedJob): JobResource {
  return {
    id: row.id,
    type: row.type,
    queue: row.queue as WorkQueueName,
    status: row.status,
    payload: row.payload,
    priority: row.priority,
    progress: row.progress,
    result: "result" in row ? (row.result ?? null) : null,
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
    scheduleId: row.scheduleId,
  };
}

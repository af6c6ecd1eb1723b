/**
 * The one builder of a new job's record, for every way a job comes to be: a client's submission, a schedule's run,
 * a test's fixture. It decides what a caller leaves out: a fresh id, the status (`scheduled` when `runAt` is still
 * ahead, else `queued`), the type's queue and default limits.
 */
import { newJobId } from "./job-id";
import type { NewJob } from "./sql/create-jobs";

/** What a new job is made of; what is left out takes its default. */
export interface JobRecordInput {
  ownerId: string;
  type: string;
  /** The type's queue and default limits (a `JobTypeDefinition` has them). */
  definition: { queue: string; defaults: { maxAttempts: number; timeoutMs: number } };
  payload: unknown;
  priority?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** When the job may run; null or left out: now. */
  runAt?: Date | null;
  callbackUrl?: string | null;
  idempotencyKey?: string | null;
  metadata?: Record<string, unknown>;
  scheduleId?: string | null;
  requestId?: string | null;
}

export function newJobRecord(input: JobRecordInput, now: Date = new Date()): NewJob {
  const runAt = input.runAt ?? null;
  return {
    id: newJobId(now.getTime()),
    ownerId: input.ownerId,
    type: input.type,
    queue: input.definition.queue,
    status: runAt && runAt.getTime() > now.getTime() ? "scheduled" : "queued",
    payload: input.payload,
    priority: input.priority ?? 0,
    maxAttempts: input.maxAttempts ?? input.definition.defaults.maxAttempts,
    timeoutMs: input.timeoutMs ?? input.definition.defaults.timeoutMs,
    runAt,
    idempotencyKey: input.idempotencyKey ?? null,
    callbackUrl: input.callbackUrl ?? null,
    metadata: input.metadata ?? {},
    createdAt: now,
    scheduleId: input.scheduleId ?? null,
    requestId: input.requestId ?? null,
  };
}

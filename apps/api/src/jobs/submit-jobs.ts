import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { readIdempotencyRecord, readJobs, type IdempotencyRecord, type JobRow, type NewJob, type Pool } from "@jobline/db";
import type { ValidatedSubmission } from "@jobline/contract";
import type { Principal } from "../auth/principal";
import { ConflictError, IdempotencyKeyReusedError } from "../http/errors";
import type { IdempotentRequest } from "./idempotency";
import type { SubmitWriter } from "./submit-writer";

export interface SubmitDeps {
  pool: Pool;
  writeSubmission: SubmitWriter;
  config: { enqueueTimeoutMs: number };
}

/**
 * An unadmitted claim older than the enqueue limit and this margin belongs to a request whose entries were written
 * but whose claim was not marked (Postgres failed in between): its jobs are accepted.
 */
const admitMarginMs = 1000;
/** How often a duplicate looks again at a claim whose first request is still writing its entries. */
const admitPollMs = 20;

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

/** Who submits, and the request's X-Request-Id, which the rows keep for the worker's log lines. */
export interface SubmitOrigin {
  principal: Principal;
  requestId: string;
}

function toNewJob(submission: ValidatedSubmission, origin: SubmitOrigin, now: Date, idempotencyKey: string | null): NewJob {
  const runAt = when(submission, now);
  const { definition } = submission;
  return {
    id: randomUUID(),
    ownerId: origin.principal.ownerId,
    type: submission.type,
    queue: definition.queue,
    status: runAt && runAt.getTime() > now.getTime() ? "scheduled" : "queued",
    payload: submission.payload,
    priority: submission.priority,
    maxAttempts: submission.maxAttempts ?? definition.defaults.maxAttempts,
    timeoutMs: submission.timeoutMs ?? definition.defaults.timeoutMs,
    runAt,
    callbackUrl: submission.callbackUrl ?? null,
    idempotencyKey,
    metadata: submission.metadata,
    createdAt: now,
    requestId: origin.requestId,
  };
}

/**
 * The earlier request's claim once that request is decided. While its queue entries are being written it may still
 * be taken back (Redis refusing), and answering with its jobs then would hand out ids that vanish: a duplicate waits,
 * at most as long as an admit may take.
 */
async function settledClaim(deps: SubmitDeps, ownerId: string, key: string): Promise<IdempotencyRecord | null> {
  for (;;) {
    const held = await readIdempotencyRecord(deps.pool, ownerId, key);
    const admitting = held !== null && held.admittedAt === null && Date.now() - held.createdAt.getTime() < deps.config.enqueueTimeoutMs + admitMarginMs;
    if (!admitting) return held;
    await sleep(admitPollMs);
  }
}

/** The jobs of the earlier request that holds the key, in its order; a 409 if that request was a different one. */
async function replay(deps: SubmitDeps, ownerId: string, request: IdempotentRequest): Promise<JobRow[]> {
  const held = await settledClaim(deps, ownerId, request.key);
  // Gone, or only part of its jobs there: the first request was taken back (Redis refused it; its client got a 503).
  const incomplete = new ConflictError(`the first request with Idempotency-Key "${request.key}" did not complete; send it again`);
  if (!held) throw incomplete;
  if (held.requestHash !== request.requestHash) {
    throw new IdempotencyKeyReusedError(`Idempotency-Key "${request.key}" was used in the last 24 h for a different request`);
  }
  const rows = await readJobs(deps.pool, held.jobIds, ownerId);
  if (rows.length !== held.jobIds.length) throw incomplete;
  return rows;
}

/**
 * Records the jobs (row first: the row is the truth) and enqueues them under the rows' ids, through the group-commit
 * writer. With an Idempotency-Key, a request that repeats a live one creates nothing and gets that one's jobs back.
 */
export async function submitJobs(
  deps: SubmitDeps,
  origin: SubmitOrigin,
  submissions: ValidatedSubmission[],
  idempotency?: IdempotentRequest,
): Promise<Submitted> {
  const now = new Date();
  const ownerId = origin.principal.ownerId;
  const jobs = submissions.map((submission) => toNewJob(submission, origin, now, idempotency?.key ?? null));
  const claim = idempotency ? { ownerId, key: idempotency.key, requestHash: idempotency.requestHash } : undefined;
  const outcome = await deps.writeSubmission({ jobs, claim });
  if (outcome.kind === "refused") return { rows: await replay(deps, ownerId, idempotency!), replayed: true };
  return { rows: outcome.rows, replayed: false };
}

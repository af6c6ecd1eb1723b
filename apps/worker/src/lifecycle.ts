/**
 * BullMQ's processor: what happens around every attempt. The row is the truth, so each step goes through the door
 * (group-committed with the other attempts' writes), by the engine's outcomes (`completeDeferredAttempt`,
 * `retryAttempt`, `failAttempt`, the same the reconciler repairs with); a write that does not happen (the row was
 * cancelled or finished meanwhile) ends the attempt quietly instead of overwriting someone else's decision.
 *
 *   the job from its entry (startable-job.ts), or may it start? (pickup.ts) → the run (attempt-run.ts) → completed, written behind (completion-writer.ts)
 *                                                       ↘ failed: attempt-failure.ts (retry, fail and dead-letter, or requeue)
 *
 * A success frees its slot when the handler returns: the entry completes with the result as its return value, and
 * the row follows a few milliseconds later in a large set (with `running` in the same write when it was quick). A
 * worker that dies in between leaves the completed entry, and the reconciler records its result. Failures keep the
 * slot until their write is made (they are rare, and a retry's row must say retrying before the entry runs again).
 *
 * Postgres down: at pickup the entry goes back to BullMQ (delayed, no attempt spent); after the handler ran, the
 * outcome's write is durable: the door retries it until Postgres answers. If even that gives up, the finished entry
 * carries the outcome (the result, or the thrown error) for the reconciler.
 *
 * The `running` write is made late on purpose (the engine's attempt-start.ts): after `startWriteDelayMs`, at the
 * first progress report, or with the outcome.
 *
 * Two counts: the row's `attempts` counts every start that was written (a crash mid-job after its start write shows
 * as an extra start); the retry budget (`maxAttempts`) is BullMQ's `attemptsMade`, which only failures spend, so a
 * crash or shutdown costs no budget.
 */
import type { JobDoor, PrismaClient } from "@jobline/db";
import type { JobCatalogue, WorkQueueName } from "@jobline/contract";
import { deferStart } from "@jobline/engine";
import type { JobQueues, QueuedJobData } from "@jobline/queues";
import type { Job } from "bullmq";
import type { Logger } from "pino";
import { afterFailure } from "./attempt-failure";
import { hookedAttempt, withLogFields } from "./attempt-hooks";
import { runAttempt } from "./attempt-run";
import { cancelledEntryError } from "./cancelled-entry";
import type { CancelMarks } from "./cancel-marks";
import type { CompletionWriter } from "./completion-writer";
import type { AttemptHook } from "./handlers/hook";
import type { AttemptOutcome, WorkerMetrics } from "./metrics";
import { pickUp } from "./pickup";
import type { AttemptCancel } from "./running-attempts";
import { startableFromEntry } from "./startable-job";
import { toError } from "./stored-error";

export interface LifecycleDeps {
  /** For the dead letter's history and the cancelled entry's check (cold reads). */
  prisma: PrismaClient;
  door: JobDoor;
  /** What a start from the entry alone checks first (startable-job.ts). */
  cancelMarks: CancelMarks;
  /** Writes successful attempts' rows behind them (completion-writer.ts). */
  completions: CompletionWriter;
  queues: JobQueues;
  catalogue: JobCatalogue;
  logger: Logger;
  metrics: WorkerMetrics;
  /** Run around every attempt (handlers/hooks.ts). */
  hooks: readonly AttemptHook[];
  /** Aborted (with a `WorkerShutdownError`) when the shutdown grace runs out: running attempts must stop. */
  shutdown: AbortSignal;
  /** At most one progress write per job per this many ms. */
  progressIntervalMs: number;
  /** An attempt still running after this long gets its `running` write (the engine's attempt-start.ts). */
  startWriteDelayMs: number;
  /** How long an entry waits before its pickup is tried again when Postgres was down at pickup. */
  pickupRetryDelayMs: number;
}

/**
 * What a completed entry keeps in Redis: the result, so the reconciler can record it when the row's write-behind
 * write never happened. Undefined when the attempt was skipped (the row was not runnable).
 */
export interface AttemptReturn {
  result: unknown;
}

/** A work queue's entry, as the processor gets it. */
export type AttemptJob = Job<QueuedJobData, AttemptReturn | undefined>;

/** What runs an attempt, with the cancel that stops it (running-attempts.ts hands it to BullMQ). */
export type JobProcessor = (job: AttemptJob, token: string | undefined, cancel: AttemptCancel) => Promise<AttemptReturn | undefined>;

export function createProcessor(deps: LifecycleDeps): JobProcessor {
  return async (job, token, cancel) => {
    const jobId = job.id!;
    const queue = job.queueName as WorkQueueName;
    const pickedUpAt = Date.now();
    const fields = { jobId, type: job.data.type, queue, attemptsMade: job.attemptsMade };
    // Most starts come from the entry and log nothing before the row is known: their one logger gets all its fields
    // at once (a child logger per field set was a percent of the worker's CPU in a drain).
    const row = (await startableFromEntry(deps.cancelMarks, job)) ?? (await pickUp(deps, job, token, deps.logger.child(fields)));
    // The submitting request's id: the API logged that request with it, so one grep finds the request and its attempts.
    let log = deps.logger.child(row?.requestId ? { ...fields, requestId: row.requestId } : fields);
    if (!row) {
      // Cancelled, already finished, or no row at all: not ours to run. The entry completes without a result
      // (the reconciler re-runs an unfinished row whose entry did so), or fails when the row says cancelled.
      log.info("skipped: the job's row is not runnable");
      deps.metrics.attemptStarted(queue);
      deps.metrics.attemptEnded(queue, "skipped", job.data.type, Date.now() - pickedUpAt);
      const cancelled = await cancelledEntryError(deps.prisma, jobId);
      if (cancelled) throw cancelled;
      return;
    }

    deps.metrics.attemptStarted(queue);
    // The row's count of starts once this one is written: what the row, its events and stored errors call it.
    const attempt = row.attempts + 1;
    const start = deferStart(deps.door, jobId, row.updatedAt, deps.startWriteDelayMs, (error) =>
      log.warn({ err: error }, "could not record the start yet"),
    );
    const hooked = hookedAttempt(row, attempt, start.startedAt);
    let result: unknown;
    try {
      result = await runAttempt(deps, row, hooked, start, log, cancel);
    } catch (thrown) {
      log = withLogFields(log, hooked);
      let outcome: AttemptOutcome = "failed";
      try {
        const end = await afterFailure(deps, { job, token }, row, start, attempt, toError(thrown), log);
        outcome = end.outcome;
        if (end.rethrow) throw end.rethrow;
        return undefined;
      } finally {
        deps.metrics.attemptEnded(queue, outcome, row.type, Date.now() - pickedUpAt);
      }
    }
    log = withLogFields(log, hooked);
    const finishedAt = new Date();
    const durationMs = finishedAt.getTime() - start.startedAt.getTime();
    await deps.completions.hand({
      start,
      attempt,
      result,
      finishedAt,
      onWritten: (done) => {
        // Null: cancelled while it ran; the row stays cancelled and the result is not recorded.
        deps.metrics.attemptEnded(queue, done ? "completed" : "skipped", row.type, Date.now() - pickedUpAt);
        log.info({ durationMs, stored: done !== null }, "attempt completed");
      },
      onFailed: (error) => {
        deps.metrics.attemptEnded(queue, "completed", row.type, Date.now() - pickedUpAt);
        log.error({ err: error }, "could not record the completion; the reconciler will, from the completed entry");
      },
    });
    // The slot is free now: the entry keeps the result until its row is written (completion-writer.ts).
    return { result: result ?? null };
  };
}

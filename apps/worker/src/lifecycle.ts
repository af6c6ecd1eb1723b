/**
 * What happens around every attempt: the BullMQ processor. The row is the truth (DESIGN.md §1), so each step
 * goes through `transitionJob`, and a transition that does not happen (the row was cancelled or finished
 * meanwhile) ends the attempt quietly instead of overwriting someone else's decision.
 *
 *   running → handler → completed
 *                     ↘ retryable, attempts left → retrying (rethrow: BullMQ waits the backoff, runs it again)
 *                     ↘ permanent or last attempt → failed → dead-letter queue
 *                     ↘ shutdown grace ran out → back to the queue, the attempt not counted
 */
import { recordProgress, transitionJob, type JobRow, type PrismaClient } from "@jobline/db";
import type { JobCatalogue, JobType, WorkQueueName } from "@jobline/jobs";
import type { JobQueues, QueuedJobData } from "@jobline/queues";
import { UnrecoverableError, WaitingError, type Job } from "bullmq";
import type { Logger } from "pino";
import { z } from "zod";
import { attemptError, toError } from "./attempt-error";
import { createAttemptSignal, untilAborted } from "./attempt-signal";
import { deadLetter } from "./dead-letter";
import { InvalidPayloadError, InvalidResultError, UnknownJobTypeError, WorkerShutdownError } from "./errors";
import { handlerFor } from "./handlers";
import type { AttemptOutcome, WorkerMetrics } from "./metrics";
import { createProgressReporter } from "./progress-reporter";
import { decideAfterFailure } from "./retry-decision";

export interface LifecycleDeps {
  prisma: PrismaClient;
  queues: JobQueues;
  catalogue: JobCatalogue;
  logger: Logger;
  metrics: WorkerMetrics;
  /** Aborted (with a `WorkerShutdownError`) when the shutdown grace runs out: running attempts must stop. */
  shutdown: AbortSignal;
  /** At most one progress write per job per this many ms. */
  progressIntervalMs: number;
}

/** BullMQ's processor. Returns nothing: results live in the row, and nothing large travels through Redis. */
export type JobProcessor = (job: Job<QueuedJobData>, token?: string, signal?: AbortSignal) => Promise<void>;

export function createProcessor(deps: LifecycleDeps): JobProcessor {
  return async (job, token, signal) => {
    const jobId = job.id!;
    const queue = job.queueName as WorkQueueName;
    const attempt = job.attemptsMade + 1;
    const log = deps.logger.child({ jobId, type: job.data.type, queue, attempt });

    const row = await transitionJob(deps.prisma, { jobId }, { to: "running", attempt });
    if (!row) {
      // Cancelled, already finished, or no row at all: not ours to run. The entry completes without a result.
      log.info("skipped: the job's row is not runnable");
      deps.metrics.attemptStarted(queue);
      deps.metrics.attemptEnded(queue, "skipped");
      return;
    }

    deps.metrics.attemptStarted(queue);
    let outcome: AttemptOutcome = "failed";
    const started = performance.now();
    try {
      const result = await runAttempt(deps, row, attempt, log, signal);
      const done = await transitionJob(deps.prisma, { jobId }, { to: "completed", attempt, result });
      outcome = done ? "completed" : "skipped";
      log.info({ durationMs: Math.round(performance.now() - started), stored: done !== null }, "attempt completed");
    } catch (thrown) {
      const next = await afterFailure(deps, job, row, attempt, toError(thrown), log, token);
      outcome = next.outcome;
      if (next.rethrow) throw next.rethrow;
    } finally {
      deps.metrics.attemptEnded(queue, outcome);
    }
  };
}

/** Validates, runs the handler under the attempt's signal with throttled progress, validates the result. */
async function runAttempt(deps: LifecycleDeps, row: JobRow, attempt: number, log: Logger, cancel?: AbortSignal): Promise<unknown> {
  const definition = deps.catalogue.get(row.type);
  if (!definition) throw new UnknownJobTypeError(`this worker does not run jobs of type "${row.type}"`);
  const payload = definition.payload.safeParse(row.payload);
  if (!payload.success) throw new InvalidPayloadError(`invalid payload for ${row.type}: ${z.prettifyError(payload.error)}`);

  const attemptSignal = createAttemptSignal({ timeoutMs: row.timeoutMs, cancel, shutdown: deps.shutdown });
  const progress = createProgressReporter({
    write: (value) => recordProgress(deps.prisma, row.id, value),
    onError: (error) => log.warn({ err: error }, "could not record progress"),
    intervalMs: deps.progressIntervalMs,
  });
  let result: unknown;
  try {
    const handler = handlerFor(row.type as JobType);
    const context = { reportProgress: progress.report, signal: attemptSignal.signal, attempt, jobId: row.id };
    result = await untilAborted(handler(payload.data, context), attemptSignal.signal);
  } finally {
    attemptSignal.dispose();
    await progress.flush();
  }

  const checked = definition.result.safeParse(result);
  if (!checked.success) throw new InvalidResultError(`${row.type} returned an invalid result: ${z.prettifyError(checked.error)}`);
  return checked.data;
}

/** What to count, and what to throw to BullMQ: the error to retry, UnrecoverableError to stop, nothing to end quietly. */
interface FailureHandled {
  outcome: AttemptOutcome;
  rethrow?: Error;
}

/** Records the failed attempt in the row (and the dead-letter queue when it was the end) and decides what BullMQ hears. */
async function afterFailure(
  deps: LifecycleDeps,
  job: Job<QueuedJobData>,
  row: JobRow,
  attempt: number,
  error: Error,
  log: Logger,
  token: string | undefined,
): Promise<FailureHandled> {
  const jobId = row.id;
  const stored = attemptError(error, attempt);

  if (error instanceof WorkerShutdownError) {
    // Not the job's fault: back to the queue without spending an attempt (WaitingError tells BullMQ the entry moved).
    await transitionJob(deps.prisma, { jobId }, { to: "retrying", attempt, error: stored });
    await job.moveToWait(token);
    log.warn("attempt interrupted by shutdown; the job goes back to the queue");
    return { outcome: "requeued", rethrow: new WaitingError() };
  }

  const decision = decideAfterFailure(error, attempt, job.opts.attempts ?? 1);
  if (decision.action === "retry") {
    const moved = await transitionJob(deps.prisma, { jobId }, { to: "retrying", attempt, error: stored });
    if (!moved) return quietEnd(log, error);
    log.warn({ err: error }, "attempt failed; retrying after backoff");
    return { outcome: "retried", rethrow: error };
  }

  const failed = await transitionJob(deps.prisma, { jobId }, { to: "failed", attempt, error: stored });
  if (!failed) return quietEnd(log, error);
  log.error({ err: error, reason: decision.reason }, "job failed");
  try {
    await deadLetter(deps.prisma, deps.queues, failed, stored);
  } catch (dlqError) {
    // The row already says failed, with the error; the dead letter is the operator's copy. Keep going.
    log.error({ err: dlqError }, "could not add the job to the dead-letter queue");
  }
  return { outcome: "failed", rethrow: decision.reason === "permanent" ? new UnrecoverableError(`${error.name}: ${error.message}`) : error };
}

/** The row moved on without us (cancelled while running): nothing to record, nothing for BullMQ to retry. */
function quietEnd(log: Logger, error: Error): FailureHandled {
  log.info({ err: error }, "attempt ended after the job's row moved on (e.g. cancelled); not recorded");
  return { outcome: "skipped" };
}

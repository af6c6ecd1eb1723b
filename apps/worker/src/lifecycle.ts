/**
 * What happens around every attempt: the BullMQ processor. The row is the truth, so each step goes through the
 * door (`JobDoor.transition`, group-committed with the other attempts' writes), and a transition that does not
 * happen (the row was cancelled or finished meanwhile) ends the attempt quietly instead of overwriting someone
 * else's decision.
 *
 *   may it start? (a read) → handler → completed            (with `running` in the same write when it was quick)
 *                                    ↘ retryable, attempts left → running, retrying (rethrow: BullMQ waits the backoff)
 *                     ↘ permanent or last attempt → failed → dead-letter queue
 *                     ↘ shutdown grace ran out → back to the queue, the attempt not counted
 *
 * Postgres down: at pickup the entry goes back to BullMQ (delayed, no attempt spent); after the handler ran, the
 * outcome's write is durable: the door retries it until Postgres answers. If even that gives up, the processor
 * returns the result (or throws the error), so the finished entry carries the outcome for the reconciler. Only then
 * does a completed entry keep the result in Redis: a recorded one is in the row, and Redis keeps nothing of it.
 *
 * The `running` write is made late on purpose (attempt-start.ts): after `startWriteDelayMs`, at the first progress
 * report, or with the outcome.
 *
 * Two counts: the row's `attempts` counts every start that was written (a crash mid-job after its start write shows
 * as an extra start); the retry budget
 * (`maxAttempts`) is BullMQ's `attemptsMade`, which only failures spend, so a crash or shutdown costs no budget.
 */
import { failureFingerprint, isDatabaseUnreachable, isJobId, type JobDoor, type MovedJob, type PrismaClient, type StartableJob, type Transition } from "@jobline/db";
import { limits, type JobCatalogue, type JobType, type JobTypeDefinition, type WorkQueueName } from "@jobline/contract";
import type { JobQueues, QueuedJobData } from "@jobline/queues";
import { DelayedError, UnrecoverableError, WaitingError, type Job } from "bullmq";
import type { Logger } from "pino";
import { z } from "zod";
import { attemptError, toError } from "./attempt-error";
import { enterHooks, hookedAttempt, withLogFields } from "./attempt-hooks";
import { createAttemptSignal, untilAborted } from "./attempt-signal";
import { deferStart, type AttemptStart } from "./attempt-start";
import { deadLetter } from "./dead-letter";
import { InvalidPayloadError, InvalidResultError, UnknownJobTypeError, WorkerShutdownError } from "./errors";
import { handlerFor } from "./handlers";
import type { AttemptHook, HookedAttempt, HookedOutcome } from "./handlers/hook";
import type { AttemptOutcome, WorkerMetrics } from "./metrics";
import { createProgressReporter } from "./progress-reporter";
import { decideAfterFailure } from "./retry-decision";

export interface LifecycleDeps {
  /** For the dead letter's history (a cold read). */
  prisma: PrismaClient;
  door: JobDoor;
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
  /** An attempt still running after this long gets its `running` write (attempt-start.ts). */
  startWriteDelayMs: number;
  /** How long an entry waits before its pickup is tried again when Postgres was down at pickup. */
  pickupRetryDelayMs: number;
}

/**
 * What a completed entry keeps in Redis: the result, only when the completion could not be written to Postgres, so
 * the reconciler can still record it. Undefined otherwise (recorded, or the attempt was skipped).
 */
export interface AttemptReturn {
  result: unknown;
}

/** BullMQ's processor. */
export type JobProcessor = (job: Job<QueuedJobData, AttemptReturn | undefined>, token?: string, signal?: AbortSignal) => Promise<AttemptReturn | undefined>;

export function createProcessor(deps: LifecycleDeps): JobProcessor {
  return async (job, token, signal) => {
    const jobId = job.id!;
    const queue = job.queueName as WorkQueueName;
    const pickedUpAt = Date.now();
    let log = deps.logger.child({ jobId, type: job.data.type, queue, attemptsMade: job.attemptsMade });

    const row = await readStartable(deps, job, token, log);
    if (!row) {
      // Cancelled, already finished, or no row at all: not ours to run. The entry completes without a result
      // (the reconciler re-runs an unfinished row whose entry did so), or fails when the row says cancelled.
      log.info("skipped: the job's row is not runnable");
      deps.metrics.attemptStarted(queue);
      deps.metrics.attemptEnded(queue, "skipped", job.data.type, Date.now() - pickedUpAt);
      const cancelled = await cancelledEntryError(deps, jobId);
      if (cancelled) throw cancelled;
      return;
    }
    // The submitting request's id: the API logged that request with it, so one grep finds the request and its attempts.
    if (row.requestId) log = log.child({ requestId: row.requestId });

    deps.metrics.attemptStarted(queue);
    // The row's count of starts once this one is written: what the row, its events and stored errors call it.
    const attempt = row.attempts + 1;
    const start = deferStart(deps.door, jobId, row.updatedAt, deps.startWriteDelayMs, (error) => log.warn({ err: error }, "could not record the start yet"));
    const hooked = hookedAttempt(row, attempt, start.startedAt);
    let result: unknown;
    try {
      result = await runAttempt(deps, row, hooked, start, log, signal);
    } catch (thrown) {
      log = withLogFields(log, hooked);
      let outcome: AttemptOutcome = "failed";
      try {
        const next = await afterFailure(deps, job, row, attempt, start, toError(thrown), log, token);
        outcome = next.outcome;
        if (next.rethrow) throw next.rethrow;
        return undefined;
      } finally {
        deps.metrics.attemptEnded(queue, outcome, row.type, Date.now() - pickedUpAt);
      }
    }
    log = withLogFields(log, hooked);
    let outcome: AttemptOutcome = "completed";
    let cancelled: UnrecoverableError | undefined;
    try {
      const done = await recordCompletion(deps, jobId, attempt, result, start);
      if (!done) outcome = "skipped";
      log.info({ durationMs: Date.now() - start.startedAt.getTime(), stored: done !== null }, "attempt completed");
      // Cancelled while it ran: the result is not recorded, and the entry must not read as completed either.
      if (!done) cancelled = await cancelledEntryError(deps, jobId);
      if (!cancelled) return undefined;
    } catch (error) {
      log.error({ err: error }, "could not record the completion; the reconciler will, from the completed entry");
      return { result };
    } finally {
      deps.metrics.attemptEnded(queue, outcome, row.type, Date.now() - pickedUpAt);
    }
    throw cancelled;
  };
}

/**
 * The completion, with the start in the same write when the start was never written. Null when the row moved on
 * (cancelled while the attempt ran): the result is then not recorded.
 */
async function recordCompletion(deps: LifecycleDeps, jobId: string, attempt: number, result: unknown, start: AttemptStart): Promise<MovedJob | null> {
  const withStart: Transition = { to: "completed", attempt, result, startedAt: start.startedAt, ifUnmovedSince: start.readAt };
  const started = await start.settle();
  if (!started.written) return durableTransition(deps, jobId, withStart);
  if (!started.row) return null;
  const done = await durableTransition(deps, jobId, { to: "completed", attempt, result });
  if (done) return done;
  // Our start was written, yet the row is not running. If it is as we read it, Postgres lost that start in a crash
  // (starts commit without waiting for the flush): write it again with the completion rather than discard the result.
  return durableTransition(deps, jobId, withStart);
}

/**
 * May the job start? A read (the start is written later, see attempt-start.ts). When Postgres cannot be reached the
 * job has not started: its entry goes back to BullMQ, delayed, without spending an attempt (DelayedError tells
 * BullMQ the entry moved), so no worker spins on it.
 */
async function readStartable(deps: LifecycleDeps, job: Job<QueuedJobData, AttemptReturn | undefined>, token: string | undefined, log: Logger): Promise<StartableJob | null> {
  try {
    return await deps.door.startable(job.id!);
  } catch (error) {
    if (!isDatabaseUnreachable(error)) throw error;
    await job.moveToDelayed(Date.now() + deps.pickupRetryDelayMs, token);
    log.warn({ err: error, retryInMs: deps.pickupRetryDelayMs }, "postgres unreachable at pickup; the job waits and is picked up again");
    throw new DelayedError();
  }
}

/** An outcome's write: the door retries it while Postgres is unreachable (until the shutdown grace runs out). */
function durableTransition(deps: LifecycleDeps, jobId: string, transition: Transition): Promise<MovedJob | null> {
  return deps.door.transition({ jobId }, transition, { durable: true });
}

/**
 * Validates, runs the hooks' `before`, the handler under the attempt's signal with throttled progress, validates the
 * result, and runs the hooks' `after` with the outcome.
 */
async function runAttempt(deps: LifecycleDeps, row: StartableJob, hooked: HookedAttempt, start: AttemptStart, log: Logger, cancel?: AbortSignal): Promise<unknown> {
  const definition = deps.catalogue.get(row.type);
  if (!definition) throw new UnknownJobTypeError(`this worker does not run jobs of type "${row.type}"`);
  const payload = definition.payload.safeParse(row.payload);
  if (!payload.success) throw new InvalidPayloadError(`invalid payload for ${row.type}: ${z.prettifyError(payload.error)}`);

  const hooks = await enterHooks(deps.hooks, hooked, log, (hook, phase, error) => {
    log.error({ err: error, hook, phase }, "attempt hook failed");
    deps.metrics.hookFailed(hook, phase);
  });
  let outcome: HookedOutcome | undefined;
  try {
    const result = await runHandler(deps, row, payload.data, definition, hooked, start, hooks.log, cancel);
    outcome = { ok: true, result, durationMs: Date.now() - hooked.startedAt.getTime() };
    return result;
  } catch (error) {
    outcome = { ok: false, error: toError(error), durationMs: Date.now() - hooked.startedAt.getTime() };
    throw error;
  } finally {
    await hooks.leave(outcome!);
  }
}

/** The handler under the attempt's signal with throttled progress; its result checked against the type's schema and limit. */
async function runHandler(
  deps: LifecycleDeps,
  row: StartableJob,
  payload: unknown,
  definition: JobTypeDefinition,
  hooked: HookedAttempt,
  start: AttemptStart,
  log: Logger,
  cancel?: AbortSignal,
): Promise<unknown> {
  const attemptSignal = createAttemptSignal({ timeoutMs: row.timeoutMs, cancel, shutdown: deps.shutdown });
  const progress = createProgressReporter({
    // Progress needs the row to say running: the first report writes the start.
    write: async (value) => (await start.ensure()) !== null && deps.door.progress(row.id, value),
    onError: (error) => log.warn({ err: error }, "could not record progress"),
    intervalMs: deps.progressIntervalMs,
  });
  let result: unknown;
  try {
    const handler = handlerFor(row.type as JobType);
    const context = { reportProgress: progress.report, signal: attemptSignal.signal, attempt: hooked.attempt, jobId: row.id, log, locals: hooked.locals };
    result = await untilAborted(handler(payload, context), attemptSignal.signal);
  } finally {
    attemptSignal.dispose();
    await progress.flush();
  }

  const checked = definition.result.safeParse(result);
  if (!checked.success) throw new InvalidResultError(`${row.type} returned an invalid result: ${z.prettifyError(checked.error)}`);
  const size = Buffer.byteLength(JSON.stringify(checked.data ?? null));
  if (size > limits.maxResultBytes) throw new InvalidResultError(`${row.type} returned ${size} bytes; results are limited to ${limits.maxResultBytes}`);
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
  job: Job<QueuedJobData, AttemptReturn | undefined>,
  row: StartableJob,
  attempt: number,
  start: AttemptStart,
  error: Error,
  log: Logger,
  token: string | undefined,
): Promise<FailureHandled> {
  const jobId = row.id;
  const stored = attemptError(error, attempt);

  if (error instanceof WorkerShutdownError) {
    // Not the job's fault: back to the queue without spending an attempt (WaitingError tells BullMQ the entry moved).
    // The writes are not retried: the process is going away; the next pickup moves the row on from wherever it is.
    const started = await start.ensure().catch(() => null);
    if (started) {
      await deps.door.transition({ jobId }, { to: "retrying", attempt, error: stored }).catch((writeError: unknown) =>
        log.warn({ err: writeError }, "could not record the interrupted attempt"),
      );
    }
    await job.moveToWait(token);
    log.warn("attempt interrupted by shutdown; the job goes back to the queue");
    return { outcome: "requeued", rethrow: new WaitingError() };
  }

  // The retry budget is BullMQ's: only failed attempts spend it (not crashes or shutdowns, unlike the row's count).
  const decision = decideAfterFailure(error, job.attemptsMade + 1, job.opts.attempts ?? 1);
  const permanent = decision.action === "fail" && decision.reason === "permanent";
  const toBullmq = permanent ? new UnrecoverableError(`${error.name}: ${error.message}`) : error;
  // A failed attempt is on the timeline as started, then failed: its start is written first if it was not yet.
  const started = await recorded(deps, jobId, { to: "running", startedAt: start.startedAt, ifUnmovedSince: start.readAt }, log, () =>
    start.ensure({ durable: true }),
  );
  if (started === null) return quietEnd(deps, jobId, log, error);
  // Unrecorded: BullMQ retries or fails the entry all the same, and the reconciler records a failure from there.
  if (started === "unrecorded") return decision.action === "retry" ? { outcome: "retried", rethrow: error } : { outcome: "failed", rethrow: toBullmq };

  if (decision.action === "retry") {
    const moved = await recorded(deps, jobId, { to: "retrying", attempt, error: stored }, log);
    if (moved === null) return quietEnd(deps, jobId, log, error);
    log.warn({ err: error }, "attempt failed; retrying after backoff");
    // Unrecorded: BullMQ retries all the same, and the next start moves the row from `running`.
    return { outcome: "retried", rethrow: error };
  }

  const fingerprint = failureFingerprint({ type: row.type, ...stored });
  const failed = await recorded(deps, jobId, { to: "failed", attempt, error: stored, fingerprint }, log);
  if (failed === null) return quietEnd(deps, jobId, log, error);
  log.error({ err: error, reason: permanent ? "permanent" : "exhausted" }, "job failed");
  // Unrecorded: the entry fails with this error, and the reconciler records it (and dead-letters it) from there.
  if (failed === "unrecorded") return { outcome: "failed", rethrow: toBullmq };
  try {
    await deadLetter(deps.prisma, deps.queues, failed, stored);
  } catch (dlqError) {
    // The row already says failed, with the error; the dead letter is the operator's copy. Keep going.
    log.error({ err: dlqError }, "could not add the job to the dead-letter queue");
  }
  return { outcome: "failed", rethrow: toBullmq };
}

/** A durable transition that reports, rather than throws, a write that Postgres never took. */
async function recorded(
  deps: LifecycleDeps,
  jobId: string,
  transition: Transition,
  log: Logger,
  write: () => Promise<MovedJob | null> = () => durableTransition(deps, jobId, transition),
): Promise<MovedJob | null | "unrecorded"> {
  try {
    return await write();
  } catch (error) {
    log.error({ err: error, to: transition.to }, "could not record the attempt's outcome; the reconciler will");
    return "unrecorded";
  }
}

/**
 * The row moved on without us (cancelled while running): nothing to record, nothing for BullMQ to retry. The entry
 * completes, or fails when the row says cancelled.
 */
async function quietEnd(deps: LifecycleDeps, jobId: string, log: Logger, error: Error): Promise<FailureHandled> {
  log.info({ err: error }, "attempt ended after the job's row moved on (e.g. cancelled); not recorded");
  const cancelled = await cancelledEntryError(deps, jobId);
  return cancelled ? { outcome: "skipped", rethrow: cancelled } : { outcome: "skipped" };
}

/**
 * A cancelled job's entry must not sit among the completed ones, where a dashboard shows it as completed: it fails,
 * naming the cancellation, and is never retried. Any other row that moved on (re-driven meanwhile) keeps the
 * completed entry without a result, which the reconciler takes as "run it again". A cold read: only on these paths.
 */
async function cancelledEntryError(deps: LifecycleDeps, jobId: string): Promise<UnrecoverableError | undefined> {
  if (!isJobId(jobId)) return undefined;
  const row = await deps.prisma.job.findUnique({ where: { id: jobId }, select: { status: true } }).catch(() => null);
  return row?.status === "cancelled" ? new UnrecoverableError("JobCancelledError: the job was cancelled; it did not run to the end") : undefined;
}

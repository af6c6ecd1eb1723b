/**
 * A failed attempt: recorded in the row through the engine's outcomes, and answered to BullMQ with the error to retry
 * after the backoff, UnrecoverableError to stop, WaitingError when the entry went back to the queue, or nothing.
 *
 *   shutdown grace ran out → back to the queue, the attempt not counted
 *   retryable, attempts left → running, retrying (rethrow: BullMQ waits the backoff)
 *   permanent or last attempt → running, failed → dead-letter queue
 *
 * The start is written first if it was not yet: a failed attempt is on the timeline as started, then failed.
 */
import type { MovedJob } from "@jobline/db";
import { failAttempt, retryAttempt, type AttemptStart, type FailureStores } from "@jobline/engine";
import { UnrecoverableError, WaitingError } from "bullmq";
import type { Logger } from "pino";
import { WorkerShutdownError } from "./attempt-errors";
import { cancelledEntryError } from "./cancelled-entry";
import type { AttemptJob } from "./lifecycle";
import type { AttemptOutcome } from "./metrics";
import { decideAfterFailure } from "./retry-decision";
import type { StartableJob } from "./startable-job";
import { attemptError } from "./stored-error";

/** What to count, and what to throw to BullMQ (nothing: the entry completes). */
export interface AttemptEnd {
  outcome: AttemptOutcome;
  rethrow?: Error;
}

/**
 * What became of an outcome's write: written; not made because the row moved on without us (cancelled while the
 * attempt ran); or not written because Postgres never took it, even retried, so the reconciler records it from the
 * finished entry.
 */
type OutcomeWrite = { kind: "written"; job: MovedJob } | { kind: "row-moved-on" } | { kind: "not-written" };

/** A durable outcome write that reports, rather than throws, a write that Postgres never took. */
async function writeOutcome(to: string, write: () => Promise<MovedJob | null>, log: Logger): Promise<OutcomeWrite> {
  try {
    const job = await write();
    return job ? { kind: "written", job } : { kind: "row-moved-on" };
  } catch (error) {
    log.error({ err: error, to }, "could not record the attempt's outcome; the reconciler will");
    return { kind: "not-written" };
  }
}

/** The BullMQ side of the attempt: its entry, and the lock token that moving the entry needs. */
export interface AttemptEntry {
  job: AttemptJob;
  token: string | undefined;
}

export async function afterFailure(
  deps: FailureStores,
  entry: AttemptEntry,
  row: StartableJob,
  start: AttemptStart,
  attempt: number,
  error: Error,
  log: Logger,
): Promise<AttemptEnd> {
  const jobId = row.id;
  const stored = attemptError(error, attempt);

  if (error instanceof WorkerShutdownError) {
    // Not the job's fault: back to the queue without spending an attempt (WaitingError tells BullMQ the entry moved).
    // The writes are not retried: the process is going away; the next pickup moves the row on from wherever it is.
    const started = await start.ensure().catch(() => null);
    if (started) {
      await retryAttempt(deps.door, { jobId, attempt, error: stored }).catch((writeError: unknown) =>
        log.warn({ err: writeError }, "could not record the interrupted attempt"),
      );
    }
    await entry.job.moveToWait(entry.token);
    log.warn("attempt interrupted by shutdown; the job goes back to the queue");
    return { outcome: "requeued", rethrow: new WaitingError() };
  }

  // The retry budget is BullMQ's: only failed attempts spend it (not crashes or shutdowns, unlike the row's count).
  const decision = decideAfterFailure(error, entry.job.attemptsMade + 1, entry.job.opts.attempts ?? 1);
  const permanent = decision.action === "fail" && decision.reason === "permanent";
  const toBullmq = permanent ? new UnrecoverableError(`${error.name}: ${error.message}`) : error;
  const started = await writeOutcome("running", () => start.ensure({ durable: true }), log);
  if (started.kind === "row-moved-on") return endAfterRowMovedOn(deps, jobId, log, error);
  // Not written: BullMQ retries or fails the entry all the same, and the reconciler records a failure from there.
  if (started.kind === "not-written")
    return decision.action === "retry" ? { outcome: "retried", rethrow: error } : { outcome: "failed", rethrow: toBullmq };

  if (decision.action === "retry") {
    const moved = await writeOutcome("retrying", () => retryAttempt(deps.door, { jobId, attempt, error: stored }, { durable: true }), log);
    if (moved.kind === "row-moved-on") return endAfterRowMovedOn(deps, jobId, log, error);
    log.warn({ err: error }, "attempt failed; retrying after backoff");
    // Not written: BullMQ retries all the same, and the next start moves the row from `running`.
    return { outcome: "retried", rethrow: error };
  }

  const failed = await writeOutcome(
    "failed",
    () => failAttempt(deps, { jobId, type: row.type, attempt, error: stored }, { durable: true, log }),
    log,
  );
  if (failed.kind === "row-moved-on") return endAfterRowMovedOn(deps, jobId, log, error);
  log.error({ err: error, reason: permanent ? "permanent" : "exhausted" }, "job failed");
  // Not written: the entry fails with this error, and the reconciler records it (and dead-letters it) from there.
  return { outcome: "failed", rethrow: toBullmq };
}

/**
 * The row moved on without us (cancelled while running): nothing to record, nothing for BullMQ to retry. The entry
 * completes, or fails when the row says cancelled.
 */
async function endAfterRowMovedOn(deps: FailureStores, jobId: string, log: Logger, error: Error): Promise<AttemptEnd> {
  log.info({ err: error }, "attempt ended after the job's row moved on (e.g. cancelled); not recorded");
  const cancelled = await cancelledEntryError(deps.prisma, jobId);
  return cancelled ? { outcome: "skipped", rethrow: cancelled } : { outcome: "skipped" };
}

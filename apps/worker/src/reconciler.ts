/**
 * The reconciler: the row is the truth and the queue entry only carries it to a worker, so every unfinished row
 * must have a live queue entry, and a finished entry must be reflected in its row. Periodically (one worker process
 * at a time, under an advisory lock) it reads unfinished rows that have not moved for `graceMs` and compares each
 * with its BullMQ entry:
 *
 *   entry missing (Redis lost it: restart without the last writes, a flush, a failover) → enqueue it again
 *   entry completed, row unfinished (the worker died between the entry's completion and its row's write-behind
 *     write, see completion-writer.ts, or that write gave up) → record the result the entry kept
 *   entry failed, row unfinished (the write was lost, or BullMQ failed a job that stalled too often) → record the
 *     failure and dead-letter it
 *   waiting, delayed, active → nothing to do
 *
 * Every repair goes through the door (a conditional write) or `enqueueJob` (idempotent by id), so a repair
 * that races the worker it is repairing cannot undo that worker's write.
 *
 * The same pass then makes the dead-letter queue agree with the failed rows (dead-letter-repair.ts).
 */
import {
  findStaleJobs,
  isDatabaseUnreachable,
  tryAdvisoryXactLock,
  type AttemptError,
  type JobDoor,
  type JobRow,
  type PrismaClient,
  type StaleCursor,
} from "@jobline/db";
import type { WorkQueueName } from "@jobline/contract";
import { completeAttempt, failAttempt, startPeriodicTask } from "@jobline/engine";
import { enqueueJob, type JobQueues } from "@jobline/queues";
import type { Logger } from "pino";
import type { AttemptReturn } from "./lifecycle";
import {
  newDeadLetterCursor,
  repairDeadLetters,
  type DeadLetterCursor,
  type DeadLetterRepair,
  type DeadLetterReport,
} from "./dead-letter-repair";

export const repairs = ["requeued", "completed", "failed"] as const;
export type Repair = (typeof repairs)[number];

export interface ReconcilerDeps {
  prisma: PrismaClient;
  door: JobDoor;
  queues: JobQueues;
  logger: Logger;
  /** Rows updated more recently than this are left alone: their entry may still be on its way. */
  graceMs: number;
  onRepair?(repair: Repair | DeadLetterRepair): void;
}

const pageSize = 200;
const passTimeoutMs = 5 * 60_000;

export interface PassReport {
  checked: number;
  repaired: Record<Repair, number>;
  deadLetters: DeadLetterReport;
}

/**
 * One pass over the stale rows, then over the dead letters from `cursor` on. Resolves null when another process holds
 * the lock (it is reconciling now).
 */
export async function reconcileOnce(deps: ReconcilerDeps, cursor: DeadLetterCursor = newDeadLetterCursor()): Promise<PassReport | null> {
  return tryAdvisoryXactLock(deps.prisma, "reconcile", passTimeoutMs, async () => {
    const rows = await checkAll(deps);
    return { ...rows, deadLetters: await repairDeadLetters(deps, cursor) };
  });
}

async function checkAll(deps: ReconcilerDeps): Promise<Omit<PassReport, "deadLetters">> {
  const report: Omit<PassReport, "deadLetters"> = { checked: 0, repaired: { requeued: 0, completed: 0, failed: 0 } };
  const updatedBefore = new Date(Date.now() - deps.graceMs);
  let after: StaleCursor | undefined;
  for (;;) {
    const rows = await findStaleJobs(deps.prisma, { updatedBefore, after, limit: pageSize });
    for (const row of rows) {
      let repair: Repair | null;
      try {
        repair = await reconcileJob(deps, row);
      } catch (error) {
        // Postgres down: nothing else can be repaired either; the next pass tries again.
        if (isDatabaseUnreachable(error)) throw error;
        // A row that cannot be repaired (say, a result Postgres refuses) is the oldest stale row, so it would come
        // first in every pass: stopping here would leave every row behind it unrepaired for good.
        deps.logger.error({ err: error, jobId: row.id, status: row.status }, "reconciler could not repair a job; skipping it");
        repair = null;
      }
      report.checked += 1;
      if (!repair) continue;
      report.repaired[repair] += 1;
      deps.onRepair?.(repair);
      deps.logger.warn({ jobId: row.id, status: row.status, repair }, "reconciler repaired a job");
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return report;
    after = { updatedAt: last.updatedAt, id: last.id };
  }
}

/** Compares one unfinished row with its entry and repairs what disagrees; null when they agree. */
export async function reconcileJob(deps: ReconcilerDeps, row: JobRow): Promise<Repair | null> {
  const queue = deps.queues.work[row.queue as WorkQueueName];
  const state = await queue.getJobState(row.id);
  if (state === "unknown") {
    await enqueueJob(deps.queues, row);
    return "requeued";
  }
  if (state !== "completed" && state !== "failed") return null;

  const entry = await queue.getJob(row.id);
  if (!entry) return null; // removed since the state was read: the next pass sees it missing
  const attempt = Math.max(1, row.attempts);
  if (state === "completed") {
    const kept = entry.returnvalue as AttemptReturn | null | undefined;
    // A quick attempt writes its start with its completion: when that write was lost the row never said running, and
    // the repair records the start too, as the attempt after the row's last written one.
    const finishedAt = entry.finishedOn ? new Date(entry.finishedOn) : undefined;
    const completion =
      row.status === "running"
        ? { jobId: row.id, attempt, result: kept?.result, finishedAt }
        : {
            jobId: row.id,
            attempt: row.attempts + 1,
            result: kept?.result,
            finishedAt,
            unwrittenStart: { startedAt: new Date(entry.processedOn ?? Date.now()) },
          };
    if (kept && "result" in kept && (await completeAttempt(deps.door, completion))) {
      return "completed";
    }
    // Completed without a result (the attempt was skipped while the row was not runnable): run it again.
    await queue.remove(row.id);
    await enqueueJob(deps.queues, row);
    return "requeued";
  }
  const error: AttemptError = { name: "JobFailedError", message: entry.failedReason || "the queue entry failed", attempt };
  if (entry.stacktrace?.length) error.stack = entry.stacktrace.at(-1);
  const failed = await failAttempt(deps, { jobId: row.id, type: row.type, attempt, error }, { log: deps.logger.child({ jobId: row.id }) });
  return failed ? "failed" : null;
}

/** Runs a pass every `intervalMs` (none while the previous one runs); `stop()` waits for the pass in progress. */
export function startReconciler(deps: ReconcilerDeps & { intervalMs: number }): { stop(): Promise<void> } {
  // Kept between passes, so that a backlog of dead letters is worked through a batch at a time.
  const cursor = newDeadLetterCursor();
  const task = startPeriodicTask({
    intervalMs: deps.intervalMs,
    run: async () => {
      const report = await reconcileOnce(deps, cursor);
      if (report && report.checked + report.deadLetters.filed + report.deadLetters.removed > 0) deps.logger.info(report, "reconciler pass");
    },
    // Postgres or Redis down: nothing can be compared now; the next pass tries again.
    onError: (error) => deps.logger.warn({ err: error }, "reconciler pass failed"),
  });
  return { stop: task.stop };
}

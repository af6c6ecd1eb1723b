/**
 * The reconciler's second duty: the dead-letter queue must agree with the rows. A `failed` row is dead-lettered by
 * contract, and a dead letter is the operator's copy of a failed row, so:
 *
 *   failed row (quiet for the grace), no dead letter → file one (`dead-lettered`). Lost when a re-drive and a
 *     cancel raced a failure: the failure's add was ignored because the previous dead letter was still there, and
 *     the re-drive then removed that one.
 *   dead letter whose row is gone, or no longer failed → remove it (`dead-letter-removed`). Left behind by a
 *     database reset under a kept Redis, by the retention sweep, or by a re-drive whose removal was lost.
 *
 * Each pass looks at a bounded number of rows and entries, in batches, and goes on where the previous pass of this
 * process stopped (`DeadLetterCursor`), starting over at the end, so a large backlog is worked through over passes.
 */
import { findStaleJobs, type AttemptError, type JobRow, type PrismaClient, type StaleCursor } from "@jobline/db";
import { deadLetter } from "@jobline/engine";
import type { JobQueues } from "@jobline/queues";
import type { JobType } from "bullmq";
import type { Logger } from "pino";

export interface DeadLetterRepairDeps {
  prisma: PrismaClient;
  queues: JobQueues;
  logger: Logger;
  /** Failed rows updated more recently than this are left alone: their worker may be adding the dead letter now. */
  graceMs: number;
  onRepair?(repair: DeadLetterRepair): void;
}

export const deadLetterRepairs = ["dead-lettered", "dead-letter-removed"] as const;
export type DeadLetterRepair = (typeof deadLetterRepairs)[number];

/** Where this process's previous pass stopped, in each direction. */
export interface DeadLetterCursor {
  failedAfter?: StaleCursor;
  entries: { state: number; offset: number };
}

export function newDeadLetterCursor(): DeadLetterCursor {
  return { entries: { state: 0, offset: 0 } };
}

export interface DeadLetterReport {
  rowsChecked: number;
  entriesChecked: number;
  filed: number;
  removed: number;
}

export const deadLetterBatchSize = 200;
/** Batches per direction per pass: at most 1,000 rows and 1,000 entries. */
const batchesPerPass = 5;
/** An active dead letter is being filed (dead-letter-filer.ts) and cannot be removed; it is seen once filed. */
const entryStates: JobType[] = ["failed", "wait", "prioritized", "delayed", "completed"];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row's stored error, as a dead letter carries it; a row without one still gets a dead letter. */
function rowError(row: JobRow): AttemptError {
  const stored = row.error as Partial<AttemptError> | null;
  if (stored && typeof stored.message === "string" && typeof stored.name === "string") return stored as AttemptError;
  return { name: "JobFailedError", message: "the job failed", attempt: row.attempts };
}

/** Still failed, and not moved since it was read: a re-drive in between changed `updated_at`. */
async function unchanged(prisma: PrismaClient, row: JobRow): Promise<boolean> {
  return (await prisma.job.count({ where: { id: row.id, status: "failed", updatedAt: row.updatedAt } })) === 1;
}

/**
 * Files the dead letter of a failed row that has none. The add comes first and the check after it: a re-drive moves
 * the row before it removes the dead letter, so a row found unchanged after the add is one whose re-drive (if any)
 * comes later and removes this dead letter too; a row found changed gets its dead letter taken back.
 */
async function fileMissing(deps: DeadLetterRepairDeps, row: JobRow): Promise<boolean> {
  await deadLetter(deps.prisma, deps.queues, row, rowError(row));
  if (await unchanged(deps.prisma, row)) return true;
  await deps.queues.deadLetter.remove(row.id);
  return false;
}

async function repairFailedRows(deps: DeadLetterRepairDeps, cursor: DeadLetterCursor, report: DeadLetterReport): Promise<void> {
  const updatedBefore = new Date(Date.now() - deps.graceMs);
  for (let batch = 0; batch < batchesPerPass; batch += 1) {
    const rows = await findStaleJobs(deps.prisma, {
      statuses: ["failed"],
      updatedBefore,
      after: cursor.failedAfter,
      limit: deadLetterBatchSize,
    });
    const states = await Promise.all(rows.map((row) => deps.queues.deadLetter.getJobState(row.id)));
    for (const [index, row] of rows.entries()) {
      if (states[index] === "unknown" && (await fileMissing(deps, row))) {
        report.filed += 1;
        deps.onRepair?.("dead-lettered");
        deps.logger.warn({ jobId: row.id, repair: "dead-lettered" }, "reconciler filed a failed job's missing dead letter");
      }
    }
    report.rowsChecked += rows.length;
    const last = rows.at(-1);
    cursor.failedAfter = last && rows.length === deadLetterBatchSize ? { updatedAt: last.updatedAt, id: last.id } : undefined;
    if (!cursor.failedAfter) return;
  }
}

/** Of these dead letters' ids, the ones whose row is failed now. */
async function failedIds(prisma: PrismaClient, ids: readonly string[]): Promise<Set<string>> {
  const rows = await prisma.job.findMany({
    where: { id: { in: ids.filter((id) => uuid.test(id)) }, status: "failed" },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

/**
 * Removes the dead letters whose row is not failed. A job re-driven and failed again between the read and the
 * removal would lose its fresh dead letter, so the removed ones' rows are read again and a failed one is filed anew.
 */
async function removeOrphans(deps: DeadLetterRepairDeps, ids: readonly string[]): Promise<number> {
  const failed = await failedIds(deps.prisma, ids);
  const removed: string[] = [];
  for (const id of ids) {
    if (!failed.has(id) && (await deps.queues.deadLetter.remove(id)) === 1) removed.push(id);
  }
  if (removed.length === 0) return 0;
  const refailed = await deps.prisma.job.findMany({ where: { id: { in: removed }, status: "failed" } });
  for (const row of refailed) await deadLetter(deps.prisma, deps.queues, row, rowError(row));
  const refiled = new Set(refailed.map((row) => row.id));
  for (const id of removed.filter((id) => !refiled.has(id))) {
    deps.onRepair?.("dead-letter-removed");
    deps.logger.warn({ jobId: id, repair: "dead-letter-removed" }, "reconciler removed a dead letter whose job is not failed");
  }
  return removed.length - refiled.size;
}

async function repairEntries(deps: DeadLetterRepairDeps, cursor: DeadLetterCursor, report: DeadLetterReport): Promise<void> {
  const position = cursor.entries;
  for (let batch = 0; batch < batchesPerPass && position.state < entryStates.length; batch += 1) {
    const state = entryStates[position.state]!;
    const ids = await deps.queues.deadLetter.getRanges([state], position.offset, position.offset + deadLetterBatchSize - 1, true);
    const removed = ids.length > 0 ? await removeOrphans(deps, ids) : 0;
    report.entriesChecked += ids.length;
    report.removed += removed;
    // The removed ones no longer take a place in their list: the next page starts that much earlier.
    position.offset += ids.length - removed;
    if (ids.length < deadLetterBatchSize) Object.assign(position, { state: position.state + 1, offset: 0 });
  }
  if (position.state >= entryStates.length) Object.assign(position, { state: 0, offset: 0 });
}

/** One bounded pass in both directions, going on from `cursor` (which it moves). */
export async function repairDeadLetters(deps: DeadLetterRepairDeps, cursor: DeadLetterCursor): Promise<DeadLetterReport> {
  const report: DeadLetterReport = { rowsChecked: 0, entriesChecked: 0, filed: 0, removed: 0 };
  await repairFailedRows(deps, cursor, report);
  await repairEntries(deps, cursor, report);
  return report;
}

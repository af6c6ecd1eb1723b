/**
 * Recording an attempt's completion, for the worker (its own attempt) and the reconciler (from a completed entry's
 * kept result). When the attempt's start was never written, the same write records it too.
 */
import type { JobDoor, MovedJob } from "@jobline/db";
import type { AttemptStart } from "./attempt-start";

export interface AttemptCompletion {
  jobId: string;
  /** The row's count of starts once this attempt's start is written. */
  attempt: number;
  result: unknown;
  /** When the attempt ended, if before the write (a completion written behind it). */
  finishedAt?: Date;
  /**
   * The attempt's start, when it was never written (a quick attempt, or a start write that was lost): recorded with
   * the completion. `ifUnmovedSince` as on a late start (the row's `updatedAt` when it was read).
   */
  unwrittenStart?: { startedAt: Date; ifUnmovedSince?: Date };
}

/** The completion's write: the job as it left it, or null when the row moved on (cancelled meanwhile). */
export function completeAttempt(
  door: JobDoor,
  completion: AttemptCompletion,
  options: { durable?: boolean } = {},
): Promise<MovedJob | null> {
  const { jobId, attempt, result, finishedAt, unwrittenStart } = completion;
  return door.transition({ jobId }, { to: "completed", attempt, result, finishedAt, ...unwrittenStart }, options);
}

/**
 * The completion of an attempt whose start was deferred (attempt-start.ts), durable (retried while Postgres is
 * unreachable): with the start in the same write when the start was never written. Null when the row moved on
 * (cancelled while the attempt ran): the result is then not recorded.
 */
export async function completeDeferredAttempt(
  door: JobDoor,
  start: AttemptStart,
  attempt: number,
  result: unknown,
  finishedAt?: Date,
): Promise<MovedJob | null> {
  const durable = { durable: true };
  const completion: AttemptCompletion = { jobId: start.jobId, attempt, result, finishedAt };
  const withStart: AttemptCompletion = { ...completion, unwrittenStart: { startedAt: start.startedAt, ifUnmovedSince: start.readAt } };
  const started = await start.settle();
  if (!started.written) return completeAttempt(door, withStart, durable);
  if (!started.row) return null;
  const done = await completeAttempt(door, completion, durable);
  if (done) return done;
  // Our start was written, yet the row is not running. If it is as we read it, Postgres lost that start in a crash
  // (starts commit without waiting for the flush): write it again with the completion rather than discard the result.
  return completeAttempt(door, withStart, durable);
}

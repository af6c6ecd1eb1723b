/**
 * The rules of a job's status: which transitions exist and which statuses each may start from. Every write goes
 * through the door (job-door.ts), which applies them as conditional writes (sql/transition-jobs.ts): a move that
 * the row's current status does not allow, or that someone else won, changes nothing.
 */
import type { JobStatus } from "@jobline/contract";
import type { StoredJobError } from "./job-record";

/** An error as the worker reports it: the client-facing part plus the stack, kept for operators. */
export interface AttemptError extends StoredJobError {
  stack?: string;
}

export type Transition =
  /**
   * A worker starts the job: `attempts` counts every start, including ones cut short by a crash (a stall) or a
   * shutdown. `startedAt`: when the attempt began, if that was before the write (default: the write's time).
   */
  | { to: "running"; startedAt?: Date; ifUnmovedSince?: Date }
  | { to: "retrying"; attempt: number; error: AttemptError }
  /**
   * `startedAt` is set when the attempt's start was never written (it ended before the worker got to it): the same
   * write then records the start at that time as well, from the statuses `running` may start from. `finishedAt`: when
   * the attempt ended, if that was before the write (a completion written behind; default: the write's time).
   */
  | { to: "completed"; attempt: number; result: unknown; startedAt?: Date; ifUnmovedSince?: Date; finishedAt?: Date }
  /** `fingerprint`: `failureFingerprint` of the job's type and this error; groups the dead letters. */
  | { to: "failed"; attempt: number; error: AttemptError; fingerprint: string }
  | { to: "cancelled"; reason: string }
  /** Re-drive: back to the queue with attempts reset; with `payload`, the job runs that instead of its own. */
  | { to: "queued"; payload?: unknown }
  /**
   * A scheduled job told to start now (an operator's promote): it stays `scheduled`, with its runAt cleared, until a
   * worker starts it. Staying scheduled keeps the timeline's vocabulary: a move back to `queued` is a re-drive.
   */
  | { to: "scheduled"; runAt: null };

/*
 * `ifUnmovedSince` (a start written late): the row's `updatedAt` when the worker read it. The write then happens only
 * if nothing moved the row since: a cancel followed by a re-drive leaves it `queued` again, a status a start may come
 * from, and without this check an attempt that began before the cancel could start (or complete) the re-driven job.
 */

/** Which statuses each transition may start from. `running → running` is a stalled job picked up again. */
export const allowedFrom: Record<Transition["to"], readonly JobStatus[]> = {
  running: ["queued", "scheduled", "retrying", "running"],
  retrying: ["running"],
  completed: ["running"],
  failed: ["running", "queued", "scheduled", "retrying"],
  cancelled: ["queued", "scheduled", "running", "retrying"],
  queued: ["failed", "cancelled"],
  scheduled: ["scheduled"],
};

/** The conditional write a transition makes: its own, or, for a completion whose start was never written, both at once. */
export type MoveKind = Transition["to"] | "started-completed";

export function moveKindOf(transition: Transition): MoveKind {
  return transition.to === "completed" && transition.startedAt ? "started-completed" : transition.to;
}

/** Which statuses each write may start from. */
export const writableFrom: Record<MoveKind, readonly JobStatus[]> = { ...allowedFrom, "started-completed": allowedFrom.running };

/** The attempt a transition's timeline event names: the one it reports, or the row's count of starts. */
export function eventAttempt(transition: Transition, attempts: number): number {
  return "attempt" in transition && transition.attempt > 0 ? transition.attempt : attempts;
}

/**
 * Write-behind completion: a successful attempt's row is written a few milliseconds after its handler returned, so
 * the BullMQ slot is free at once. The processor returns the result as the entry's return value (durable in Redis once
 * BullMQ marks the entry completed) and hands the completion here; the door's group commit gathers the completions of
 * every slot into large set-based statements (rows and events in one transaction).
 *
 * The write is the engine's conditional completion (`completeDeferredAttempt`): it applies only to a row still
 * queued or running for that attempt, so a row cancelled meanwhile stays cancelled and no row moves backwards. A write
 * that fails for good, or a process that dies before it, leaves the completed entry with its result: the reconciler
 * records it from there. At most `maxPending` completions wait unwritten (a hand-over beyond that waits for room),
 * far below the completed entries BullMQ keeps, so no entry is trimmed before its row is written.
 */
import type { JobDoor, MovedJob } from "@jobline/db";
import { completeDeferredAttempt, type AttemptStart } from "@jobline/engine";

export interface PendingCompletion {
  start: AttemptStart;
  /** The row's count of starts once this attempt's start is written. */
  attempt: number;
  result: unknown;
  /** When the handler returned: the row's `finished_at`. */
  finishedAt: Date;
  /** After the write: the job as it left it, or null when the row had moved on (cancelled meanwhile). */
  onWritten(row: MovedJob | null): void;
  /** The write gave up (Postgres unreachable past the retry window): the reconciler records it from the entry. */
  onFailed(error: unknown): void;
}

export interface CompletionWriter {
  /** Takes the completion over; resolves at once, or once fewer than `maxPending` wait unwritten. */
  hand(completion: PendingCompletion): Promise<void>;
  /** Resolves once every completion handed over so far is written or has failed (graceful shutdown). */
  flush(): Promise<void>;
}

export function createCompletionWriter(door: JobDoor, options: { maxPending: number }): CompletionWriter {
  const pending = new Set<Promise<void>>();

  const write = (completion: PendingCompletion): Promise<void> =>
    completeDeferredAttempt(door, completion.start, completion.attempt, completion.result, completion.finishedAt)
      .then(completion.onWritten)
      .catch(completion.onFailed);

  return {
    async hand(completion) {
      while (pending.size >= options.maxPending) await Promise.race(pending);
      const written = write(completion).finally(() => pending.delete(written));
      pending.add(written);
    },
    async flush() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

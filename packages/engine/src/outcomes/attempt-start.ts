/**
 * An attempt's `running` write, made late on purpose. Most jobs of a busy queue take a few milliseconds; for them a
 * separate start write would double the worker's writes. So the worker reads the row (may it start?), runs the
 * handler at once, and writes the start only when the attempt outlives `delayMs`, reports progress, or fails. An
 * attempt that completes sooner writes its start and its completion in one statement (`startedAt` on the
 * completion). Either way the row's `started_at` and the timeline's `running` event carry the real start time.
 *
 * Nothing is lost by waiting: until the start is written the row says `queued`, and a crash then leaves the entry to
 * BullMQ's stall check, as before; a cancellation meanwhile moves the row to `cancelled`, and the late write (start
 * or start-and-completion, both conditional) then changes nothing.
 */
import type { JobDoor, MovedJob } from "@jobline/db";

export interface AttemptStart {
  readonly jobId: string;
  /** When the handler started. */
  readonly startedAt: Date;
  /** The row's `updatedAt` when it was read: the late writes happen only if nothing moved the row since. */
  readonly readAt: Date;
  /**
   * Writes the start unless it was written already; the job as the start left it, or null when its row may not
   * start any more (moved meanwhile: cancelled, re-driven). A write that failed is tried again by the next call, and
   * a durable call makes a pending ordinary write durable.
   */
  ensure(options?: { durable?: boolean }): Promise<MovedJob | null>;
  /**
   * What became of the start: "unwritten" when nothing was asked or the last try failed (the completion may then
   * carry it), else the written outcome. Stops the timer.
   */
  settle(): Promise<{ written: false } | { written: true; row: MovedJob | null }>;
}

export function deferStart(door: JobDoor, jobId: string, readAt: Date, delayMs: number, onError: (error: unknown) => void): AttemptStart {
  const startedAt = new Date();
  let writing: Promise<MovedJob | null> | undefined;
  let failed = false;
  let durable = false;

  const write = (options: { durable?: boolean }): Promise<MovedJob | null> => {
    const attempt = door.transition({ jobId }, { to: "running", startedAt, ifUnmovedSince: readAt }, options);
    attempt.catch(() => (failed = true));
    return attempt;
  };

  const ensure = (options: { durable?: boolean } = {}): Promise<MovedJob | null> => {
    clearTimeout(timer);
    if (!writing || failed) {
      failed = false;
      durable = options.durable === true;
      writing = write(options);
    } else if (options.durable && !durable) {
      // The timer's write is in flight and may fail on a Postgres outage: this caller needs it retried.
      durable = true;
      writing = writing.catch(() => {
        failed = false;
        return write({ durable: true });
      });
    }
    return writing;
  };

  const timer = setTimeout(() => void ensure().catch(onError), delayMs);

  return {
    jobId,
    startedAt,
    readAt,
    ensure,
    async settle() {
      clearTimeout(timer);
      if (!writing) return { written: false };
      try {
        return { written: true, row: await writing };
      } catch {
        return { written: false };
      }
    },
  };
}

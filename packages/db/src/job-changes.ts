/**
 * What the door announces: one change per committed write of a job (its creation, each status change, each
 * progress write), in the order of the events' sequence. Listeners are registered by the process (metrics now; live
 * streams and webhooks hang here too) and run after the commit, never inside it.
 */
import type { JobError, JobStatus } from "@jobline/contract";

export type JobChangeEvent = "created" | "status" | "progress";

export interface JobChange {
  /** The `job_events` sequence number: orders every change of every job (progress takes one without a row). */
  seq: string;
  jobId: string;
  ownerId: string;
  type: string;
  queue: string;
  event: JobChangeEvent;
  status: JobStatus;
  attempt: number;
  progress: number;
  /** The job has a callback URL: a terminal change then wrote a webhook delivery (lets the relay skip the rest unread). */
  hasCallback: boolean;
  /** The error as the job resource shows it, on a move to `retrying` or `failed`; null otherwise. */
  error: JobError | null;
  at: Date;
}

/** Called with the changes of one committed write, in sequence order. Must not throw; errors are reported and dropped. */
export type JobChangeListener = (changes: readonly JobChange[]) => void;

export interface ChangeFeed {
  listen(listener: JobChangeListener): () => void;
  announce(changes: readonly JobChange[]): void;
}

export function createChangeFeed(onListenerError: (error: unknown) => void): ChangeFeed {
  const listeners = new Set<JobChangeListener>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce(changes) {
      if (changes.length === 0) return;
      const ordered = [...changes].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
      for (const listener of listeners) {
        try {
          listener(ordered);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}

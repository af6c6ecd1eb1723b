/**
 * The one door for every change of a job: creation, status transitions and progress. Every write is set-based
 * (sql/), every caller gets its own answer, and every committed change is announced once to the process's listeners.
 *
 * Transitions and progress are group-committed (group-commit.ts): calls that arrive while a write of the same kind is
 * in flight go together in the next statement. A durable write (the worker's outcomes) is retried while Postgres is
 * unreachable; a set Postgres refuses for any other reason is written again one job at a time, so one bad row
 * (say, a result Postgres cannot store) fails only its own caller.
 */
import type { Database } from "./database";
import { isDatabaseUnreachable } from "./database-unreachable";
import { groupCommit, type GroupCommit, type Outcome } from "./group-commit";
import { createChangeFeed, type JobChange, type JobChangeListener } from "./job-changes";
import { isJobId, normalJobId } from "./job-id";
import { eventAttempt, moveKindOf, type MoveKind, type Transition } from "./job-transitions";
import { createJobs, discardJobs, markClaimsEnqueued, type CreatedJob, type CreateOutcome, type Submission } from "./sql/create-jobs";
import { recordProgressOf, type ProgressInput } from "./sql/record-progress";
import { readRunnable, type RunnableJob } from "./sql/read-jobs";
import { transitionJobs, type MovedJob, type MoveInput } from "./sql/transition-jobs";
import { retryWhileUnreachable, type WriteRetryPolicy } from "./write-retry";

export interface JobDoorOptions {
  /** How durable writes retry while Postgres is unreachable; without it a durable write is an ordinary one. */
  writeRetry?: WriteRetryPolicy;
  /** Aborted when durable writes must give up (the worker's shutdown grace ran out). */
  stop?: AbortSignal;
  /** The most jobs one statement carries. */
  maxBatch?: number;
  onRetry?(error: unknown, delayMs: number, kind: MoveKind): void;
  /** A listener threw: reported here, and the other listeners still run. */
  onListenerError?(error: unknown): void;
}

export interface JobTarget {
  jobId: string;
  /** Scopes the write to one owner (client routes); left out by workers and admins. */
  ownerId?: string;
}

export interface JobDoor {
  /**
   * Writes the submissions' rows, first events and idempotency claims in one statement, then `enqueue`s the created
   * rows (writes their queue entries), then marks their idempotency claims enqueued. If `enqueue` throws, what was
   * written is taken back and the error rethrown: nothing is announced for a job that never got its entry.
   */
  create(submissions: readonly Submission[], enqueue: (rows: CreatedJob[]) => Promise<void>): Promise<CreateOutcome[]>;
  /** Moves one job if its status allows; the job as the move left it, or null when nothing moved. */
  transition(target: JobTarget, transition: Transition, options?: { durable?: boolean }): Promise<MovedJob | null>;
  /**
   * The job if it may start now (its status allows `running`), with its payload: a read, group-committed like the
   * writes. A worker reads this first and writes the start itself later (see the worker's attempt lifecycle).
   */
  runnable(jobId: string): Promise<RunnableJob | null>;
  /** Writes a running job's progress (clamped to 0..100); false when the job is not running. */
  progress(jobId: string, progress: number): Promise<boolean>;
  /** Registers a listener for every committed change; returns its removal. */
  onChange(listener: JobChangeListener): () => void;
  /** Resolves when every write asked for so far has been made (or has failed). */
  flush(): Promise<void>;
}

const defaultMaxBatch = 200;
/**
 * Sets of one kind in flight at once. With one, a job whose move arrives just after a set left waits for that whole
 * write and then its own; with two, it goes at once on another connection (and the WAL flush is often shared).
 */
const writesInFlight = 2;

type ChangedRow = Pick<MovedJob, "seq" | "id" | "ownerId" | "type" | "queue" | "status" | "progress" | "updatedAt"> &
  Partial<Pick<MovedJob, "error" | "callbackUrl">>;

/** Only a move to retrying or failed reports an error; a row keeps its last one through a cancel. */
const erringStatuses: ReadonlySet<string> = new Set(["retrying", "failed"]);

function changeOf(row: ChangedRow, event: JobChange["event"], attempt: number): JobChange {
  return {
    seq: row.seq,
    jobId: row.id,
    ownerId: row.ownerId,
    type: row.type,
    queue: row.queue,
    event,
    status: row.status,
    attempt,
    progress: row.progress,
    hasCallback: row.callbackUrl != null,
    error: event === "status" && erringStatuses.has(row.status) ? ((row.error as JobChange["error"]) ?? null) : null,
    at: row.updatedAt,
  };
}

/** Starts and progress commit without waiting for the WAL flush (see `asyncCommitPool`); everything else waits. */
const asyncCommitKinds: ReadonlySet<MoveKind> = new Set(["running"]);

export function createJobDoor(database: Pick<Database, "pool" | "asyncCommitPool">, options: JobDoorOptions = {}): JobDoor {
  const { pool, asyncCommitPool } = database;
  const feed = createChangeFeed(options.onListenerError ?? (() => undefined));
  const maxBatch = options.maxBatch ?? defaultMaxBatch;
  const moveWriters = new Map<string, GroupCommit<MoveInput, MovedJob | null>>();

  /** A move's changes: one per event it appended (a start written with its completion makes two). */
  const changesOf = (move: MoveInput, row: MovedJob): JobChange[] => {
    const change = changeOf(row, "status", eventAttempt(move.transition, row.attempts));
    // The start's event is dated when the attempt began (written late, see the worker's attempt lifecycle).
    const own = row.status === "running" ? { ...change, at: row.startedAt ?? row.updatedAt } : change;
    if (row.seqs.length === 1) return [own];
    return [{ ...own, seq: row.seqs[0]!, status: "running", progress: 0, at: row.startedAt ?? row.updatedAt }, own];
  };

  const writeMoves = (kind: MoveKind, durable: boolean) => {
    const once = (moves: MoveInput[]): Promise<(MovedJob | null)[]> => {
      const write = () => transitionJobs(asyncCommitKinds.has(kind) ? asyncCommitPool : pool, kind, moves, new Date());
      if (!durable || !options.writeRetry) return write();
      return retryWhileUnreachable(write, {
        policy: options.writeRetry,
        stop: options.stop,
        onRetry: (error, delayMs) => options.onRetry?.(error, delayMs, kind),
      });
    };
    const announced = (moves: MoveInput[], rows: (MovedJob | null)[]): Outcome<MovedJob | null>[] => {
      feed.announce(rows.flatMap((row, i) => (row ? changesOf(moves[i]!, row) : [])));
      return rows.map((value) => ({ ok: true, value }));
    };
    // Announcing stays outside the tries: a committed move must never be written again as if it had failed.
    return async (moves: MoveInput[]): Promise<Outcome<MovedJob | null>[]> => {
      let rows: (MovedJob | null)[];
      try {
        rows = await once(moves);
      } catch (error) {
        if (moves.length === 1 || isDatabaseUnreachable(error)) return moves.map(() => ({ ok: false, error }));
        return Promise.all(
          moves.map(async (move): Promise<Outcome<MovedJob | null>> => {
            let alone: (MovedJob | null)[];
            try {
              alone = await once([move]);
            } catch (error) {
              return { ok: false, error };
            }
            return announced([move], alone)[0]!;
          }),
        );
      }
      return announced(moves, rows);
    };
  };

  const moveWriter = (kind: MoveKind, durable: boolean): GroupCommit<MoveInput, MovedJob | null> => {
    const name = `${kind}:${durable}`;
    let writer = moveWriters.get(name);
    if (!writer) {
      writer = groupCommit(writeMoves(kind, durable), { maxBatch, concurrency: writesInFlight, keyOf: (move) => move.jobId });
      moveWriters.set(name, writer);
    }
    return writer;
  };

  const progressWriter = groupCommit<ProgressInput, boolean>(
    async (inputs) => {
      const rows = await recordProgressOf(asyncCommitPool, inputs, new Date());
      feed.announce(rows.flatMap((row) => (row ? [changeOf(row, "progress", row.attempts)] : [])));
      return rows.map((row) => ({ ok: true, value: row !== null }));
    },
    { maxBatch, keyOf: (input) => input.jobId },
  );

  const runnableReader = groupCommit<string, RunnableJob | null>(
    async (ids) => (await readRunnable(pool, ids)).map((value) => ({ ok: true, value })),
    { maxBatch, concurrency: writesInFlight, keyOf: (id) => id },
  );

  return {
    async create(submissions, enqueue) {
      const outcomes = await createJobs(pool, submissions, new Date());
      const rows = outcomes.flatMap((outcome) => (outcome.kind === "created" ? outcome.rows : []));
      if (rows.length === 0) return outcomes;
      const created = submissions.filter((_, i) => outcomes[i]!.kind === "created");
      try {
        await enqueue(rows);
      } catch (error) {
        // If even this fails (Postgres went down too), the reconciler later gives the leftover rows their entries.
        await discardJobs(pool, created).catch(() => undefined);
        throw error;
      }
      // The jobs are accepted whether or not this lands: an unmarked claim counts as enqueued once it is older
      // than the time enqueueing may take (see `readIdempotencyRecord`'s callers).
      await markClaimsEnqueued(pool, created, new Date()).catch(() => undefined);
      feed.announce(rows.map((row) => changeOf(row, "created", 0)));
      return outcomes;
    },
    async transition(target, transition, { durable = false } = {}) {
      if (!isJobId(target.jobId)) return null;
      const move = { jobId: normalJobId(target.jobId), ownerId: target.ownerId ?? null, transition };
      return moveWriter(moveKindOf(transition), durable).write(move);
    },
    async runnable(jobId) {
      // An entry no Jobline row can have (a dashboard's "add job") must not fail the pickups read with it.
      return isJobId(jobId) ? runnableReader.write(normalJobId(jobId)) : null;
    },
    async progress(jobId, progress) {
      // NaN slips through a clamp (Math.min/max return NaN) and Postgres would store it.
      if (Number.isNaN(progress) || !isJobId(jobId)) return false;
      return progressWriter.write({ jobId: normalJobId(jobId), progress: Math.min(100, Math.max(0, progress)) });
    },
    onChange: (listener) => feed.listen(listener),
    async flush() {
      await Promise.all([...moveWriters.values(), progressWriter].map((writer) => writer.drain()));
    },
  };
}

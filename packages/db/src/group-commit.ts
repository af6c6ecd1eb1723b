/**
 * Group commit: callers that arrive while a write is in flight are written together in the next one. There is no
 * timer: with nothing in flight a caller is written at once (latency at low load is that of a single write), and
 * under load each write carries everything that gathered meanwhile, up to `maxBatch`. Every caller gets its own
 * outcome, so the write function decides per item what succeeded.
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GroupCommitOptions<I> {
  /** The largest set one write carries, in `sizeOf` units (an item larger than that still goes, alone). */
  maxBatch: number;
  /** An item's share of `maxBatch` (default 1: a batch of 500 jobs may count as 500). */
  sizeOf?(item: I): number;
  /** Writes in flight at once (default 1). */
  concurrency?: number;
  /**
   * Items with the same key never share a write: a later one waits for the next. For statements that may touch a
   * row only once (one job's two moves, one idempotency key claimed twice).
   */
  keyOf?(item: I): string;
}

export interface GroupCommit<I, O> {
  /** Queues the item for the next write; resolves with its own outcome. */
  write(item: I): Promise<O>;
  /** Resolves once nothing is waiting or in flight (items queued meanwhile included). */
  drain(): Promise<void>;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function groupCommit<I, O>(writeSet: (items: I[]) => Promise<Outcome<O>[]>, options: GroupCommitOptions<I>): GroupCommit<I, O> {
  const concurrency = options.concurrency ?? 1;
  let waiting: Waiting<I, O>[] = [];
  let inFlight = 0;
  let idle: Array<() => void> = [];

  const takeBatch = (): Waiting<I, O>[] => {
    const batch: Waiting<I, O>[] = [];
    const later: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    let size = 0;
    for (const entry of waiting) {
      const key = options.keyOf?.(entry.item);
      const itemSize = options.sizeOf?.(entry.item) ?? 1;
      const full = batch.length > 0 && size + itemSize > options.maxBatch;
      if (full || (key !== undefined && keys.has(key))) later.push(entry);
      else {
        if (key !== undefined) keys.add(key);
        size += itemSize;
        batch.push(entry);
      }
    }
    waiting = later;
    return batch;
  };

  const run = async (batch: Waiting<I, O>[]): Promise<void> => {
    try {
      const outcomes = await writeSet(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => {
        const outcome = outcomes[index];
        if (!outcome) entry.reject(new Error("group commit: the write returned no outcome for an item"));
        else if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  };

  const pump = (): void => {
    while (inFlight < concurrency && waiting.length > 0) {
      const batch = takeBatch();
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        pump();
        if (inFlight === 0 && waiting.length === 0) {
          const done = idle;
          idle = [];
          for (const resolve of done) resolve();
        }
      });
    }
  };

  return {
    write(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        pump();
      });
    },
    drain() {
      if (inFlight === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}

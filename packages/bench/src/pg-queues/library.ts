/**
 * A Postgres-only queue library as a reference (graphile-worker, pg-boss): on the same server as Jobline, in a fresh
 * database of its own, dropped afterwards. Each library says how it adds jobs (its own producer, no HTTP), how one
 * consumer runs them, and how many of its jobs are not yet durably completed, the truth the figures are taken from.
 */
import { createTestDatabase } from "@jobline/testing";
import { withCleanup } from "../cleanup";

export interface Library {
  /** Adds `count` jobs in the library's bulk insert. */
  addMany(count: number): Promise<void>;
  /** Adds one job with the library's single add. */
  addOne(): Promise<void>;
  /** Starts one consumer running a trivial handler; `onHandled` is called as each handler returns. */
  startConsumer(concurrency: number, onHandled: () => void): Promise<void>;
  /** Jobs added and not yet recorded as completed in Postgres. */
  unfinished(): Promise<number>;
  stop(): Promise<void>;
}

export interface LibraryKind {
  /** e.g. "graphile-worker 0.18.0, localQueue 100 + completeJobBatchDelay 0" */
  what: string;
  open(databaseUrl: string): Promise<Library>;
}

/** Runs `run` with the library on a fresh database; the library stops and the database is dropped afterwards. */
export async function withLibrary<T>(kind: LibraryKind, run: (library: Library, databaseUrl: string) => Promise<T>): Promise<T> {
  const database = await createTestDatabase({ migrated: false });
  let library: Library | undefined;
  const stop = async (): Promise<void> => {
    await library?.stop().catch(() => undefined);
    await database.drop().catch(() => undefined);
  };
  return withCleanup(stop, async () => {
    library = await kind.open(database.url);
    return run(library, database.url);
  });
}

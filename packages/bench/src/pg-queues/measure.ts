/**
 * The two measures every reference queue gets, the same way as Jobline's: drain (N added first, then one consumer
 * at concurrency c runs them all; from the first handler call to the moment nothing is left unfinished in
 * Postgres) and saturated end to end (the library's own producer adding one job at a time, 50 in flight, while the
 * consumer runs; jobs durably completed per second of the window).
 */
import { readCounters, perThousandJobs, type PgCounters } from "../cost/pg-counters";
import { withLibrary, type Library, type LibraryKind } from "./library";

const pollMs = 20;

async function until(limitMs: number, done: () => Promise<boolean>): Promise<number> {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not finished within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return performance.now();
}

export interface LibraryDrain {
  jobsPerSecond: number;
  cost: PgCounters;
}

export function libraryDrain(kind: LibraryKind, jobs: number, concurrency: number, limitMs: number): Promise<LibraryDrain> {
  return withLibrary(kind, async (library, databaseUrl) => {
    await library.addMany(jobs);
    const before = await readCounters(databaseUrl);
    let firstHandled: number | undefined;
    await library.startConsumer(concurrency, () => (firstHandled ??= performance.now()));
    const finished = await until(limitMs, async () => (await library.unfinished()) === 0);
    const after = await readCounters(databaseUrl);
    return { jobsPerSecond: jobs / ((finished - (firstHandled ?? finished)) / 1000), cost: perThousandJobs(before, after, jobs) };
  });
}

/** Keeps `inFlight` adds going until `until` (performance.now()); returns how many were added. */
async function produce(library: Library, inFlight: number, untilMs: number): Promise<number> {
  let added = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() < untilMs) {
      await library.addOne();
      added += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return added;
}

export function librarySaturated(
  kind: LibraryKind,
  options: { concurrency: number; inFlight: number; warmupSeconds: number; seconds: number; limitMs: number },
): Promise<{ jobsPerSecond: number }> {
  return withLibrary(kind, async (library) => {
    await library.startConsumer(options.concurrency, () => undefined);
    await produce(library, options.inFlight, performance.now() + options.warmupSeconds * 1000);
    // Completed in the window = added in it + what was unfinished at its start − what is unfinished at its end.
    const unfinishedBefore = await library.unfinished();
    const started = performance.now();
    const added = await produce(library, options.inFlight, started + options.seconds * 1000);
    const unfinishedAfter = await library.unfinished();
    const seconds = (performance.now() - started) / 1000;
    await until(options.limitMs, async () => (await library.unfinished()) === 0);
    return { jobsPerSecond: (added + unfinishedBefore - unfinishedAfter) / seconds };
  });
}

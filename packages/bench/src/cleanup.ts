/**
 * Stop functions of the processes and scratch data the references start (the stacks have their own registry), so
 * that an interrupted or timed-out run still leaves nothing behind.
 */
const pending = new Set<() => Promise<void>>();

/** Runs `run`, then `stop`, also when the run is aborted half-way (see `stopEverything`). */
export async function withCleanup<T>(stop: () => Promise<void>, run: () => Promise<T>): Promise<T> {
  let stopping: Promise<void> | undefined;
  const once = (): Promise<void> => (stopping ??= stop());
  pending.add(once);
  try {
    return await run();
  } finally {
    pending.delete(once);
    await once();
  }
}

export async function stopPending(): Promise<void> {
  await Promise.allSettled([...pending].map((stop) => stop()));
}

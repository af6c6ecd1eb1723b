/**
 * Runs a stream's steps one at a time, in the order they were asked for (a replay, then each live message, each of
 * which may read Postgres), so their events go out in that order. Steps asked for once the stream is done are skipped.
 */
export interface OneAtATime {
  run(step: () => Promise<void>): void;
}

export function oneAtATime(done: () => boolean, onError: (error: unknown) => void): OneAtATime {
  let last: Promise<void> = Promise.resolve();
  return {
    run(step) {
      last = last
        .then(() => (done() ? undefined : step()))
        .catch((error: unknown) => {
          if (!done()) onError(error);
        });
    },
  };
}

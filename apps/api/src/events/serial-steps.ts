/**
 * Runs a stream's steps one after the other (a replay, then each live message, each of which may read Postgres),
 * so their events go out in the order the steps were asked for. Steps asked for once the stream is done are skipped.
 */
export interface SerialSteps {
  run(step: () => Promise<void>): void;
}

export function serialSteps(done: () => boolean, onError: (error: unknown) => void): SerialSteps {
  let last: Promise<void> = Promise.resolve();
  return {
    run(step) {
      last = last.then(() => (done() ? undefined : step())).catch((error: unknown) => {
        if (!done()) onError(error);
      });
    },
  };
}

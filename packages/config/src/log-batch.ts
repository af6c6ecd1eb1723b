/**
 * Log lines gathered and written together: a write to stdout is a system call, and one per line (a line per request,
 * per attempt) was the largest share of the worker's CPU after the queue's own (about 7% in a drain). A line waits at
 * most `maxWaitMs`; an error or fatal line goes out at once with everything held before it, in order.
 */
import type { DestinationStream } from "pino";

export interface LogBatchOptions {
  /** The longest a line is held. */
  maxWaitMs: number;
  /** Held text past this many characters is written at once. */
  maxChars: number;
}

export interface LogBatch extends DestinationStream {
  /** The level of the line being written: pino sets it before each write (see the symbol below). */
  lastLevel: number;
  /** What is held, handed over (and no longer held): the owner writes it when the process exits. */
  takeHeld(): string;
}

/** pino's numeric level for `error`: lines at it or above are not held. */
const errorLevel = 50;

export function batchLogLines(sink: { write(text: string): void }, options: LogBatchOptions): LogBatch {
  let held = "";
  let timer: NodeJS.Timeout | undefined;
  const takeHeld = (): string => {
    clearTimeout(timer);
    timer = undefined;
    const text = held;
    held = "";
    return text;
  };
  const flush = (): void => {
    const text = takeHeld();
    if (text !== "") sink.write(text);
  };
  const batch = {
    // pino sets `lastLevel` before each write to a stream that asks for it with this symbol.
    [Symbol.for("pino.metadata")]: true,
    lastLevel: 0,
    write(line: string): void {
      held += line;
      if (batch.lastLevel >= errorLevel || held.length >= options.maxChars) flush();
      else if (timer === undefined) {
        timer = setTimeout(flush, options.maxWaitMs);
        // Held lines never keep the process alive: its exit writes them (log-destination.ts).
        timer.unref();
      }
    },
    takeHeld,
  };
  return batch;
}

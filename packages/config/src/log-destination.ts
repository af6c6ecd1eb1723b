/** Where the API's and the worker's pino loggers write, in the format `LOG_FORMAT` names. */
import pino, { type DestinationStream } from "pino";
import pretty from "pino-pretty";
import { batchLogLines } from "./log-batch";
import type { LogFormat } from "./shared-env";

/**
 * How long a line may wait for others to share its write: at a few hundred lines a second (a busy worker or API),
 * tens of lines per write; an operator watching the log sees it a moment later at most.
 */
const maxWaitMs = 50;
/** sonic-boom writes at most 16 KiB at a time: a held batch of about that size goes out at once. */
const maxChars = 16_000;

export function logDestination(format: LogFormat): DestinationStream {
  // One coloured line per entry with the time of day, for the dev terminal; the pid and host say nothing there.
  if (format === "pretty") return pretty({ colorize: true, singleLine: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
  // Asynchronous writes: stdout is a non-blocking pipe, and a synchronous write that finds it full sleeps the whole
  // process until the reader catches up. pino writes what this stream queued synchronously when the process exits.
  const fd = process.stdout.fd;
  const stdout = pino.destination({ dest: fd, sync: false });
  const batch = batchLogLines(stdout, { maxWaitMs, maxChars });
  // Any exit but a kill outright (SIGKILL, the kernel's OOM killer): a signal's shutdown, process.exit, an uncaught
  // error. No event loop is left by then, so what was held goes out synchronously, after what stdout had queued.
  process.on("exit", () => {
    const held = batch.takeHeld();
    if (held === "") return;
    stdout.flushSync();
    pino.destination({ dest: fd, sync: true }).write(held);
  });
  return batch;
}

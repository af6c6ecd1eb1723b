/** Where the API's and the worker's pino loggers write, in the format `LOG_FORMAT` names. */
import pino, { type DestinationStream } from "pino";
import pretty from "pino-pretty";
import type { LogFormat } from "./shared-env";

export function logDestination(format: LogFormat): DestinationStream {
  // One coloured line per entry with the time of day, for the dev terminal; the pid and host say nothing there.
  if (format === "pretty") return pretty({ colorize: true, singleLine: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
  // Asynchronous writes: a line per request or attempt written synchronously costs the hot path (about a tenth of
  // the worker's CPU under load); pino flushes what is buffered when the process exits.
  return pino.destination({ sync: false });
}

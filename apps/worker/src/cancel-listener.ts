/**
 * Listens on the deployment's cancel channel (packages/events `cancel-channel.ts`) and aborts the attempt if this
 * process runs it: the attempt's cancel (running-attempts.ts) stops it with a `JobCancelledError`; the row is already `cancelled`, so the attempt ends quietly and is never retried.
 * A subscribed connection can run nothing else, hence a connection of its own.
 */
import { cancelChannel, parseCancelMessage } from "@jobline/events";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface CancellableAttempts {
  /** False when this process runs no attempt of the job. */
  cancel(jobId: string, reason?: string): boolean;
}

export interface CancelListener {
  /** Resolves once subscribed: from then on no cancellation is missed while connected. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function listenForCancels(options: {
  redis: Redis;
  prefix: string;
  running: CancellableAttempts;
  logger: Pick<Logger, "info" | "warn">;
}): CancelListener {
  const channel = cancelChannel(options.prefix);
  const subscriber = options.redis.duplicate({ connectionName: "jobline-cancel" });
  subscriber.on("error", (error) => options.logger.warn({ err: error }, "cancel listener: redis connection error"));
  subscriber.on("message", (from: string, text: string) => {
    if (from !== channel) return;
    const message = parseCancelMessage(text);
    if (!message) {
      options.logger.warn({ text }, "cancel listener: ignoring a message it cannot read");
      return;
    }
    // Only the process that runs the job has it tracked; the others answer false.
    const held = options.running.cancel(message.jobId, message.reason);
    if (held) options.logger.info({ jobId: message.jobId, reason: message.reason }, "cancelling the running attempt");
  });
  return {
    ready: subscriber.subscribe(channel).then(() => undefined),
    close: async () => {
      if (subscriber.status === "ready") await subscriber.quit();
      else subscriber.disconnect();
    },
  };
}

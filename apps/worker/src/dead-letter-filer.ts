/**
 * Files each dead letter among BullMQ's failed entries of the `dead-letter` queue, with the job's final error as the
 * entry's reason and its stack as the entry's stack trace: what a dashboard shows of a failed entry. Without this,
 * dead letters sat in `waiting` under a "no workers" warning, with no error to read. The entry's data (payload,
 * attempt history) is kept; failed entries are not removed, so a dead letter stays until its job is re-driven.
 */
import { deadLetterQueueName } from "@jobline/contract";
import type { DeadLetterData } from "@jobline/queues";
import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** The job's own error, rebuilt so BullMQ records its message and stack as they were. */
export function storedFailure(letter: DeadLetterData): Error {
  const error = new UnrecoverableError(letter.error.message);
  error.name = letter.error.name;
  error.stack = letter.error.stack ?? `${letter.error.name}: ${letter.error.message}`;
  return error;
}

export function createDeadLetterFiler(options: { connection: Redis; prefix: string; logger: Logger }): Worker<DeadLetterData> {
  const worker = new Worker<DeadLetterData>(
    deadLetterQueueName,
    async (entry) => {
      throw storedFailure(entry.data);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on("error", (error) => options.logger.error({ err: error, queue: deadLetterQueueName }, "dead-letter filer error"));
  return worker;
}

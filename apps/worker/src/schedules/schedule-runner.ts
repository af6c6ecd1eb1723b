/**
 * Takes the fires of the `schedules` queue: one BullMQ Worker per worker process, whichever queues it serves, so a
 * deployment's schedules fire as long as any worker runs. Each fire is the engine's `fireSchedule`. A fire that throws (Postgres or Redis away) is retried by
 * BullMQ (see `installSchedule`); its idempotency claim keeps the retry from making a second job.
 */
import { fireSchedule, type FireDeps, type FireOutcome } from "@jobline/engine";
import { dueTimeOf, scheduleQueueName, type ScheduleFireData } from "@jobline/queues";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface ScheduleRunnerOptions extends FireDeps {
  connection: Redis;
  prefix: string;
  logger: Logger;
}

/** Fires are short (a read and an insert): a few at once keep many schedules due at the same second moving. */
const concurrency = 4;

export function startScheduleRunner(options: ScheduleRunnerOptions): Worker<ScheduleFireData, FireOutcome> {
  const { logger } = options;
  const worker = new Worker<ScheduleFireData, FireOutcome>(
    scheduleQueueName,
    async (fire) => {
      const dueAt = dueTimeOf(fire);
      const outcome = await fireSchedule(options, fire.data.scheduleId, dueAt);
      const context = { scheduleId: fire.data.scheduleId, dueAt: dueAt.toISOString(), ...outcome };
      if (outcome.kind === "unknown-type") logger.warn(context, "schedule fired for a job type this deployment does not serve; no run");
      else logger.info(context, "schedule fired");
      return outcome;
    },
    { connection: options.connection, prefix: options.prefix, concurrency },
  );
  // Without a listener an 'error' event would crash the process; connection trouble is retried by BullMQ.
  worker.on("error", (error) => logger.error({ err: error, queue: scheduleQueueName }, "schedule runner error"));
  return worker;
}

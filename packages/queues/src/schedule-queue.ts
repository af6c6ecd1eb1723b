/**
 * The `schedules` queue: one BullMQ job scheduler per active schedule, named by the schedule's id. A scheduler only
 * says when; each fire is an entry carrying the schedule's id, and the worker that takes it reads the row (the truth)
 * and creates the run. Schedulers can be lost with Redis and are installed again from the rows (the worker's
 * schedule restorer).
 */
import type { ScheduleTiming } from "@jobline/contract";
import type { Job, Queue, RepeatOptions } from "bullmq";

export const scheduleQueueName = "schedules";

/** What a fire's entry carries: only the schedule's id. */
export interface ScheduleFireData {
  scheduleId: string;
}

export type ScheduleQueue = Queue<ScheduleFireData>;

/** A schedule as its scheduler needs it. */
export interface InstallableSchedule extends ScheduleTiming {
  id: string;
}

const fireName = "fire";

/** BullMQ's repeat options for the schedule's timing. */
export function schedulerTiming(schedule: ScheduleTiming): Omit<RepeatOptions, "key"> {
  return schedule.cron !== null ? { pattern: schedule.cron, tz: schedule.timezone } : { every: schedule.everyMs! };
}

/** Whether an installed scheduler still has the row's timing (a change made while Redis was away leaves it stale). */
export function hasTiming(
  installed: { pattern?: string | null; every?: number | null; tz?: string | null },
  schedule: ScheduleTiming,
): boolean {
  if (schedule.cron !== null) return installed.pattern === schedule.cron && (installed.tz ?? "UTC") === schedule.timezone;
  return installed.every === schedule.everyMs && !installed.pattern;
}

/** Creates or replaces the schedule's scheduler (same id: installing twice is harmless). */
export async function installSchedule(queue: ScheduleQueue, schedule: InstallableSchedule): Promise<void> {
  await queue.upsertJobScheduler(schedule.id, schedulerTiming(schedule), {
    name: fireName,
    data: { scheduleId: schedule.id },
    // A fire that failed (Postgres away) is tried again; the run's idempotency claim keeps a repeat from making two.
    opts: {
      attempts: 5,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

export async function uninstallSchedule(queue: ScheduleQueue, scheduleId: string): Promise<void> {
  await queue.removeJobScheduler(scheduleId);
}

/**
 * The time a fire was due: BullMQ names each fire's entry `repeat:<scheduler id>:<due milliseconds>`, so two takes of
 * the same fire (a retry, a stalled entry) agree on it.
 */
export function dueTimeOf(fire: Pick<Job, "id" | "timestamp">): Date {
  const millis = Number(fire.id?.slice(fire.id.lastIndexOf(":") + 1));
  return new Date(Number.isFinite(millis) && millis > 0 ? millis : fire.timestamp);
}

/**
 * A schedule's BullMQ scheduler follows its row: installed while the schedule is active, removed once it is paused
 * or deleted. When Redis does not take the change in time the row still stands and the operation still succeeds: the
 * worker's schedule restorer makes the change from the row within its interval, and a fire whose row is gone or
 * paused does nothing. So a schedule once written is never lost, only possibly late to start while Redis is away.
 */
import { installSchedule, uninstallSchedule, withinLimit, type InstallableSchedule, type JobQueues } from "@jobline/queues";

export interface SchedulerSyncDeps {
  queues: JobQueues;
  logger: { warn(details: object, message: string): void };
  config: { enqueueTimeoutMs: number };
}

/** Installs the scheduler of an active schedule, removes that of a paused or deleted one (`active` null). */
export async function syncScheduler(deps: SchedulerSyncDeps, scheduleId: string, active: InstallableSchedule | null): Promise<void> {
  const sync = active ? installSchedule(deps.queues.schedules, active) : uninstallSchedule(deps.queues.schedules, scheduleId);
  try {
    await withinLimit(sync, deps.config.enqueueTimeoutMs);
  } catch (error) {
    deps.logger.warn(
      { err: error, scheduleId },
      "redis did not take the change of the schedule's scheduler; the worker's restorer will make it",
    );
  }
}

/**
 * Schedules live in Postgres; their BullMQ schedulers live in Redis and go when Redis loses its data (a flush, a
 * failover to a replica that had not caught up, a restart without persistence). Periodically, one worker process at a
 * time (under an advisory lock), the restorer compares the two:
 *
 *   active schedule, no scheduler (or one with other timing: a change made while Redis was away) → install it
 *   active schedule whose scheduler's next fire is long overdue → install it again
 *   scheduler without an active schedule (deleted or paused while Redis was away) → remove it
 *
 * The overdue case: Redis's keys going while a fire was being taken can leave the scheduler (BullMQ writes it again
 * when it takes a fire) without the delayed entry of its next fire, and such a scheduler never fires again.
 *
 * Runs missed while a scheduler was missing are not made up: the schedule runs again from its next time (an
 * `everyMs` schedule at once).
 */
import { activeSchedules, tryAdvisoryXactLock, type PrismaClient } from "@jobline/db";
import { hasTiming, installSchedule, uninstallSchedule, type ScheduleQueue } from "@jobline/queues";
import type { Logger } from "pino";
import { startPeriodicTask } from "@jobline/engine";

export interface RestorerDeps {
  prisma: PrismaClient;
  schedules: ScheduleQueue;
  logger: Logger;
}

export interface RestoreReport {
  installed: number;
  removed: number;
}

const passTimeoutMs = 60_000;
/** A next fire this late has lost its entry: a taken fire moves `next` on within milliseconds. */
export const overdueAfterMs = 10_000;

function overdue(scheduler: { next?: number | null }, now: number): boolean {
  return typeof scheduler.next === "number" && scheduler.next < now - overdueAfterMs;
}

/** One comparison. Resolves null when another process holds the lock (it is restoring now). */
export function restoreSchedulesOnce(deps: RestorerDeps, now: () => number = Date.now): Promise<RestoreReport | null> {
  return tryAdvisoryXactLock(deps.prisma, "schedules", passTimeoutMs, async () => {
    const [active, installed] = await Promise.all([activeSchedules(deps.prisma), deps.schedules.getJobSchedulers()]);
    const installedById = new Map(installed.map((scheduler) => [scheduler.key, scheduler]));
    const activeIds = new Set(active.map((schedule) => schedule.id));
    const report: RestoreReport = { installed: 0, removed: 0 };
    for (const schedule of active) {
      const scheduler = installedById.get(schedule.id);
      if (scheduler && hasTiming(scheduler, schedule) && !overdue(scheduler, now())) continue;
      await installSchedule(deps.schedules, schedule);
      report.installed += 1;
    }
    for (const scheduler of installed) {
      if (activeIds.has(scheduler.key)) continue;
      await uninstallSchedule(deps.schedules, scheduler.key);
      report.removed += 1;
    }
    return report;
  });
}

/** A pass at once (a restarted Redis is often why the worker restarted), then every `intervalMs` (0: never). */
export function startScheduleRestorer(deps: RestorerDeps & { intervalMs: number }): { stop(): Promise<void> } {
  const task = startPeriodicTask({
    intervalMs: deps.intervalMs,
    run: async () => {
      const report = await restoreSchedulesOnce(deps);
      if (report && report.installed + report.removed > 0) deps.logger.warn(report, "schedule restorer repaired schedulers");
    },
    onError: (error) => deps.logger.warn({ err: error }, "schedule restorer pass failed"),
  });
  if (deps.intervalMs > 0) void task.runOnce();
  return { stop: task.stop };
}

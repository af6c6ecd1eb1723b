/**
 * Schedules live in Postgres; their BullMQ schedulers live in Redis and go when Redis loses its data (a flush, a
 * failover to a replica that had not caught up, a restart without persistence). Periodically, one worker process at a
 * time (under an advisory lock), the restorer compares the two:
 *
 *   active schedule, no scheduler (or one with other timing: a change made while Redis was away) → install it
 *   scheduler without an active schedule (deleted or paused while Redis was away) → remove it
 *
 * Runs missed while a scheduler was missing are not made up: the schedule runs again from its next time (an
 * `everyMs` schedule at once).
 */
import { activeSchedules, tryAdvisoryXactLock, type PrismaClient } from "@jobline/db";
import { hasTiming, installSchedule, uninstallSchedule, type ScheduleQueue } from "@jobline/queues";
import type { Logger } from "pino";

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

/** One comparison. Resolves null when another process holds the lock (it is restoring now). */
export function restoreSchedulesOnce(deps: RestorerDeps): Promise<RestoreReport | null> {
  return tryAdvisoryXactLock(deps.prisma, "schedules", passTimeoutMs, async () => {
    const [active, installed] = await Promise.all([activeSchedules(deps.prisma), deps.schedules.getJobSchedulers()]);
    const installedById = new Map(installed.map((scheduler) => [scheduler.key, scheduler]));
    const activeIds = new Set(active.map((schedule) => schedule.id));
    const report: RestoreReport = { installed: 0, removed: 0 };
    for (const schedule of active) {
      const scheduler = installedById.get(schedule.id);
      if (scheduler && hasTiming(scheduler, schedule)) continue;
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
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const pass = (): void => {
    current = restoreSchedulesOnce(deps)
      .then((report) => {
        if (report && report.installed + report.removed > 0) deps.logger.warn(report, "schedule restorer repaired schedulers");
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, "schedule restorer pass failed"))
      .finally(next);
  };
  const next = (): void => {
    if (stopped || deps.intervalMs <= 0) return;
    timer = setTimeout(pass, deps.intervalMs);
    timer.unref();
  };
  if (deps.intervalMs > 0) pass();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

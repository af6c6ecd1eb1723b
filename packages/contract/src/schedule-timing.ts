/**
 * When a schedule runs. BullMQ's job schedulers compute cron times with cron-parser; this uses the same package and
 * version, so the `nextRunAt` a client is shown is the time BullMQ will fire.
 */
import { CronExpressionParser } from "cron-parser";

/** Exactly one of the two is set. */
export interface ScheduleTiming {
  cron: string | null;
  everyMs: number | null;
  timezone: string;
}

/** Null when `cron` is a valid expression (5 fields, or 6 with seconds first), else why not. */
export function cronProblem(cron: string): string | null {
  try {
    CronExpressionParser.parse(cron, { tz: "UTC" });
    return null;
  } catch (error) {
    return `not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** True for an IANA time zone name this runtime knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function nextCronTime(timing: ScheduleTiming & { cron: string }, after: Date): Date {
  return CronExpressionParser.parse(timing.cron, { tz: timing.timezone, currentDate: after }).next().toDate();
}

/** The first run once the schedule is installed (or resumed) at `now`: BullMQ runs an `everyMs` schedule at once. */
export function firstRunAt(timing: ScheduleTiming, now: Date): Date {
  return timing.cron !== null ? nextCronTime({ ...timing, cron: timing.cron }, now) : now;
}

/** The run after the one that fired at `firedAt`. */
export function runAfter(timing: ScheduleTiming, firedAt: Date): Date {
  if (timing.cron !== null) return nextCronTime({ ...timing, cron: timing.cron }, firedAt);
  return new Date(firedAt.getTime() + timing.everyMs!);
}

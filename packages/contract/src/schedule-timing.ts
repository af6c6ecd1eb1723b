/**
 * When a schedule runs. BullMQ's job schedulers compute cron times with cron-parser; this uses the same package and
 * version, so the `nextRunAt` a client is shown is the time BullMQ will fire.
 */
import { CronExpressionParser, type CronExpression } from "cron-parser";

/** Exactly one of the two is set. */
export interface ScheduleTiming {
  cron: string | null;
  everyMs: number | null;
  timezone: string;
}

/**
 * How far a search for the next run looks: past the longest gap between two 29 Februaries (eight years, around 2100).
 * It bounds the search, which otherwise walks the calendar day by day up to cron-parser's loop limit (about half a
 * second of CPU, blocking the event loop) for a cron that never runs.
 */
const searchMs = 9 * 366 * 24 * 60 * 60 * 1000;
/** The most days each month can have (29 for February, in a leap year). */
const maxDaysOfMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function parsedCron(cron: string, timezone: string, after: Date): CronExpression {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: after, endDate: new Date(after.getTime() + searchMs) });
}

/**
 * False when the expression names only days of the month that none of its months has (31 April, 30 February) and no
 * day of the week (which would run besides): such a cron never runs, known without a search.
 */
function someMonthHasItsDays({ fields }: CronExpression): boolean {
  if (fields.dayOfMonth.isWildcard || fields.dayOfMonth.hasLastChar || !fields.dayOfWeek.isWildcard) return true;
  const days = fields.dayOfMonth.values.filter((day) => typeof day === "number");
  return fields.month.values.some((month) => days.some((day) => day <= maxDaysOfMonth[Number(month) - 1]!));
}

/** The next run after `after`, or null when there is none within the search's reach (or ever). */
function nextCronRun(cron: string, timezone: string, after: Date): Date | null {
  const expression = parsedCron(cron, timezone, after);
  if (!someMonthHasItsDays(expression)) return null;
  try {
    return expression.next().toDate();
  } catch {
    return null;
  }
}

const noRunMessage = "this cron expression never runs (no such day in its months, or none within eight years)";

/** Null when `cron` is a valid expression (5 fields, or 6 with seconds first) that runs, else why not. */
export function cronProblem(cron: string, now = new Date()): string | null {
  try {
    return nextCronRun(cron, "UTC", now) === null ? noRunMessage : null;
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

/** Thrown for a cron that never runs: only a row stored before `cronProblem` refused such crons can have one. */
export class CronNeverRunsError extends Error {
  constructor() {
    super(noRunMessage);
    this.name = "CronNeverRunsError";
  }
}

function nextCronTime(timing: ScheduleTiming & { cron: string }, after: Date): Date {
  const next = nextCronRun(timing.cron, timing.timezone, after);
  if (next === null) throw new CronNeverRunsError();
  return next;
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

/** How jobs look in a terminal: a summary for one job, a table for many, the result as JSON. */
import type { AnyJob, Schedule } from "@jobline/client";
import type { Terminal } from "./command-context";

export function printJson(out: Terminal, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

function rows(out: Terminal, entries: [string, unknown][]): void {
  const width = Math.max(...entries.map(([key]) => key.length));
  for (const [key, value] of entries) {
    if (value === null || value === undefined) continue;
    out.write(`${key.padEnd(width)}  ${typeof value === "string" ? value : JSON.stringify(value)}\n`);
  }
}

export function printJob(out: Terminal, job: AnyJob): void {
  rows(out, [
    ["id", job.id],
    ["type", `${job.type} (${job.queue})`],
    ["status", `${job.status}, attempt ${job.attempts} of ${job.maxAttempts}`],
    ["progress", `${job.progress}%`],
    ["created", job.createdAt],
    ["run at", job.runAt],
    ["finished", job.finishedAt],
    ["error", job.error ? `${job.error.name}: ${job.error.message}` : null],
    ["result", job.result],
  ]);
}

export function printJobTable(out: Terminal, jobs: AnyJob[]): void {
  const lines = jobs.map((job) => [job.id, job.type, job.status, `${job.progress}%`, job.createdAt]);
  printColumns(out, ["ID", "TYPE", "STATUS", "PROGRESS", "CREATED"], lines);
}

export function printSchedule(out: Terminal, schedule: Schedule): void {
  rows(out, [
    ["id", schedule.id],
    ["name", schedule.name],
    ["type", schedule.type],
    ["every", schedule.cron ? `cron ${schedule.cron} (${schedule.timezone})` : `${schedule.everyMs} ms`],
    ["paused", String(schedule.paused)],
    ["overlap", schedule.overlap],
    ["next run", schedule.nextRunAt],
    ["last run", schedule.lastRunAt],
    ["last job", schedule.lastJobId],
    ["last skip", schedule.lastSkip ? `${schedule.lastSkip.at} (${schedule.lastSkip.reason})` : null],
    ["payload", schedule.payload],
  ]);
}

export function printScheduleTable(out: Terminal, schedules: Schedule[]): void {
  const lines = schedules.map((s) => [
    s.id,
    s.name,
    s.type,
    s.cron ?? `${s.everyMs} ms`,
    s.paused ? "paused" : "active",
    s.nextRunAt ?? "-",
  ]);
  printColumns(out, ["ID", "NAME", "TYPE", "EVERY", "STATE", "NEXT RUN"], lines);
}

function printColumns(out: Terminal, header: string[], lines: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  for (const line of [header, ...lines])
    out.write(
      `${line
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd()}\n`,
    );
}

/**
 * A job's progress while someone waits for it: a bar redrawn in place on a terminal, one plain line per change in a
 * pipe or a log (where carriage returns would make a mess), or nothing.
 */
import type { AnyJob, JobEvent } from "@jobline/client";
import type { Terminal } from "./command-context";

export type ProgressMode = "bar" | "lines" | "none";

export interface ProgressDisplay {
  event(event: JobEvent): void;
  poll(job: AnyJob): void;
  /** Ends the bar's line so that what follows starts on its own. */
  close(): void;
}

const barWidth = 30;

export function renderBar(progress: number): string {
  const clamped = Math.min(100, Math.max(0, progress));
  const filled = Math.round((clamped / 100) * barWidth);
  return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}] ${String(Math.round(clamped)).padStart(3)}%`;
}

export function createProgressDisplay(out: Terminal, mode: ProgressMode): ProgressDisplay {
  let progress = 0;
  let drawn = false;
  const draw = (status: string, attempt: number) => {
    if (mode === "bar") {
      // \r and "erase line": the bar replaces itself.
      out.write(`\r\x1b[2K${renderBar(progress)}  ${status} (attempt ${attempt})`);
      drawn = true;
    }
  };
  return {
    event(event) {
      progress = event.progress ?? progress;
      if (mode === "lines") out.write(`${event.at}  ${event.type.padEnd(13)}  ${event.status}  attempt ${event.attempt}  ${progress}%\n`);
      draw(event.status, event.attempt);
    },
    poll(job) {
      if (mode === "lines" && job.progress !== progress) out.write(`${job.updatedAt}  ${job.status}  ${job.progress}%\n`);
      progress = job.progress;
      draw(job.status, job.attempts);
    },
    close() {
      if (drawn) out.write("\n");
      drawn = false;
    },
  };
}

/** Waiting for a job with something to look at, then reporting how it ended: shared by `watch` and `submit --wait`. */
import type { AnyJob } from "@jobline/client";
import type { CommandContext } from "./command-context";
import { exitCodes } from "./exit-codes";
import { printJson } from "./print-job";
import { createProgressDisplay, type ProgressMode } from "./progress-display";

export interface FollowOptions {
  json: boolean;
  timeoutMs: number | undefined;
  /** Where progress goes: `watch` shows it on stdout, `submit --wait` on stderr (stdout is for the result). */
  progressTo: "stdout" | "stderr";
}

export async function followJob(context: CommandContext, job: AnyJob, options: FollowOptions): Promise<number> {
  const out = options.progressTo === "stdout" ? context.stdout : context.stderr;
  const mode: ProgressMode = options.json ? "none" : out.isTTY ? "bar" : options.progressTo === "stdout" ? "lines" : "none";
  const display = createProgressDisplay(out, mode);
  let done: AnyJob;
  try {
    done = await context.client().jobs.wait(job.id, {
      timeoutMs: options.timeoutMs,
      onEvent: (event) => {
        if (options.json && options.progressTo === "stdout") context.stdout.write(`${JSON.stringify(event)}\n`);
        display.event(event);
      },
      onPoll: (polled) => display.poll(polled),
    });
  } finally {
    display.close();
  }
  return reportOutcome(context, done, options.json);
}

function reportOutcome(context: CommandContext, job: AnyJob, json: boolean): number {
  if (json) context.stdout.write(`${JSON.stringify(job)}\n`);
  if (job.status === "completed") {
    if (!json) printJson(context.stdout, job.result);
    return exitCodes.success;
  }
  const why = job.error ? `: ${job.error.name}: ${job.error.message} (attempt ${job.error.attempt})` : "";
  context.stderr.write(`jobline: job ${job.id} ${job.status}${why}\n`);
  return exitCodes.jobUnsuccessful;
}

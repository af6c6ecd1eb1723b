import type { AnyJob, JobFilters } from "@jobline/client";
import type { Command } from "../command-context";
import { exitCodes } from "../exit-codes";
import { integerOption, parseOptions, positionalsOf } from "../parse-options";
import { printJobTable, printJson } from "../print-job";
import { UsageError } from "../usage-error";

const options = {
  status: { type: "string" },
  type: { type: "string" },
  queue: { type: "string" },
  limit: { type: "string" },
} as const;

export const list: Command = {
  summary: "list your jobs, newest first",
  help: `Usage: jobline list [--status S] [--type T] [--queue Q] [--limit N] [--json]

Lists your jobs, newest first, across as many pages as it takes to show N (default 20).

Options:
  --status S   queued, scheduled, running, retrying, completed, failed or cancelled
  --type T     a job type, e.g. report.generate
  --queue Q    cpu or gpu
  --limit N    how many jobs to show (default 20)
  --json       print a JSON array of job resources`,

  async run(args, context) {
    const { values, positionals } = parseOptions(args, options);
    positionalsOf(positionals, []);
    const limit = integerOption("limit", values.limit) ?? 20;
    if (limit < 1) throw new UsageError("--limit must be at least 1");
    const filters = { status: values.status, type: values.type, queue: values.queue, limit: Math.min(limit, 100) } as JobFilters;
    const jobs: AnyJob[] = [];
    for await (const job of context.client().jobs.list(filters)) {
      jobs.push(job);
      if (jobs.length >= limit) break;
    }
    if (values.json) printJson(context.stdout, jobs);
    else printJobTable(context.stdout, jobs);
    return exitCodes.success;
  },
};

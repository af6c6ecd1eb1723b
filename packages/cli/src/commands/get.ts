import type { Command } from "../command-context";
import { exitCodes } from "../exit-codes";
import { parseOptions, positionalsOf } from "../parse-options";
import { printJob, printJson } from "../print-job";

export const get: Command = {
  summary: "show one job",
  help: `Usage: jobline get <id> [--json]

Shows the job: status, attempts, progress, error, result.`,

  async run(args, context) {
    const { values, positionals } = parseOptions(args, {});
    const [id] = positionalsOf(positionals, ["<id>"]);
    const job = await context.client().jobs.get(id!);
    if (values.json) printJson(context.stdout, job);
    else printJob(context.stdout, job);
    return exitCodes.success;
  },
};

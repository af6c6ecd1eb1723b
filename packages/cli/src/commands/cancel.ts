import type { Command } from "../command-context";
import { exitCodes } from "../exit-codes";
import { parseOptions, positionalsOf } from "../parse-options";
import { printJson } from "../print-job";

export const cancel: Command = {
  summary: "cancel a job that has not finished",
  help: `Usage: jobline cancel <id> [--json]

Cancels the job: a queued or scheduled one leaves its queue, a running one is told to stop. A job that already
finished cannot be cancelled (exit 3).`,

  async run(args, context) {
    const { values, positionals } = parseOptions(args, {});
    const [id] = positionalsOf(positionals, ["<id>"]);
    const job = await context.client().jobs.cancel(id!);
    if (values.json) printJson(context.stdout, job);
    else context.stderr.write(`job ${job.id} ${job.status}\n`);
    return exitCodes.success;
  },
};

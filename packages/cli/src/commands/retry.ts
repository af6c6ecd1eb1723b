import type { Command } from "../command-context";
import { exitCodes } from "../exit-codes";
import { jsonArgument, parseOptions, positionalsOf } from "../parse-options";
import { printJson } from "../print-job";

export const retry: Command = {
  summary: "re-drive a failed or cancelled job",
  help: `Usage: jobline retry <id> [--payload '<json>'] [--json]

Sends a failed or cancelled job back to its queue with its attempts reset, optionally with a new payload.

Options:
  --payload JSON   run it with this payload instead (checked against the job's type)`,

  async run(args, context) {
    const { values, positionals } = parseOptions(args, { payload: { type: "string" } });
    const [id] = positionalsOf(positionals, ["<id>"]);
    const job = await context.client().jobs.retry(id!, { payload: jsonArgument("--payload", values.payload) });
    if (values.json) printJson(context.stdout, job);
    else context.stderr.write(`job ${job.id} ${job.status}\n`);
    return exitCodes.success;
  },
};

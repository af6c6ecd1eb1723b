import type { Command } from "../command-context";
import { followJob } from "../follow-job";
import { integerOption, parseOptions, positionalsOf } from "../parse-options";

export const watch: Command = {
  summary: "follow a job live until it finishes, then print its result",
  help: `Usage: jobline watch <id> [--timeout-ms N] [--json]

Follows the job's events as they happen: a progress bar on a terminal, one line per event otherwise. Ends with the
result: exit 0 when the job completed, 1 when it failed or was cancelled, 4 when --timeout-ms passed first.

Options:
  --timeout-ms N   give up after N ms
  --json           one JSON event per line, then the finished job as the last line`,

  async run(args, context) {
    const { values, positionals } = parseOptions(args, { "timeout-ms": { type: "string" } });
    const [id] = positionalsOf(positionals, ["<id>"]);
    const timeoutMs = integerOption("timeout-ms", values["timeout-ms"]);
    // Read first: an unknown id is a refusal (exit 3) before anything is drawn.
    const job = await context.client().jobs.get(id!);
    return followJob(context, job, { json: values.json ?? false, timeoutMs, progressTo: "stdout" });
  },
};

import type { AnyJob, JobSubmission, Metadata } from "@jobline/client";
import type { Command } from "../command-context";
import { exitCodes } from "../exit-codes";
import { followJob } from "../follow-job";
import { integerOption, jsonArgument, parseOptions, positionalsOf } from "../parse-options";
import { printJson } from "../print-job";
import { UsageError } from "../usage-error";

const options = {
  priority: { type: "string" },
  "delay-ms": { type: "string" },
  "run-at": { type: "string" },
  "max-attempts": { type: "string" },
  "job-timeout-ms": { type: "string" },
  "callback-url": { type: "string" },
  metadata: { type: "string", multiple: true },
  "idempotency-key": { type: "string" },
  wait: { type: "boolean" },
  "timeout-ms": { type: "string" },
} as const;

function metadataOf(pairs: string[] | undefined): Metadata | undefined {
  if (pairs === undefined) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 1) throw new UsageError(`--metadata takes key=value, not "${pair}"`);
      return [pair.slice(0, equals), pair.slice(equals + 1)];
    }),
  );
}

export const submit: Command = {
  summary: "submit a job (and with --wait, wait for its result)",
  help: `Usage: jobline submit <type> ['<payload json>'] [options]

Submits a job of <type> with the payload (default {}). Prints the job's id, or with --wait the job's result once it
completed.

Options:
  --priority N           0..100, higher runs sooner
  --delay-ms N           run N ms from now
  --run-at TIME          run at an ISO 8601 time
  --max-attempts N       attempts before the job fails for good
  --job-timeout-ms N     how long one attempt may run
  --callback-url URL     receives a signed POST when the job finishes
  --metadata key=value   repeatable
  --idempotency-key K    the same key and body within 24 h answers with the first job; without one, a key is made
                         up for this run, so a submit the API could not take (503, a dropped connection) is
                         retried without making two jobs
  --wait                 wait for the job to finish: exit 0 when it completed, 1 when it failed or was cancelled
  --timeout-ms N         with --wait: give up after N ms (exit 4)
  --json                 print the job resource as JSON
  -h, --help`,

  async run(args, context) {
    const { values, positionals } = parseOptions(args, options);
    const [type, payloadText] = positionalsOf(positionals, ["<type>", "[payload]"]);
    const submission = {
      type,
      payload: jsonArgument("the payload", payloadText) ?? {},
      priority: integerOption("priority", values.priority),
      delayMs: integerOption("delay-ms", values["delay-ms"]),
      runAt: values["run-at"],
      maxAttempts: integerOption("max-attempts", values["max-attempts"]),
      timeoutMs: integerOption("job-timeout-ms", values["job-timeout-ms"]),
      callbackUrl: values["callback-url"],
      metadata: metadataOf(values.metadata),
    } as JobSubmission;
    const timeoutMs = integerOption("timeout-ms", values["timeout-ms"]);
    if (timeoutMs !== undefined && !values.wait) throw new UsageError("--timeout-ms goes with --wait");

    const { type: jobType, payload, ...jobOptions } = submission;
    const idempotencyKey = values["idempotency-key"] ?? `jobline-cli-${crypto.randomUUID()}`;
    // The API checks the type and payload; the command line cannot know which types a deployment runs.
    const job = (await context.client().jobs.create(jobType, payload, { ...jobOptions, idempotencyKey })) as AnyJob;
    if (values.wait) {
      if (!values.json) context.stderr.write(`submitted ${job.id} (${job.type}); waiting\n`);
      return followJob(context, job, { json: values.json ?? false, timeoutMs, progressTo: "stderr" });
    }
    if (values.json) printJson(context.stdout, job);
    else context.stdout.write(`${job.id}\n`);
    return exitCodes.success;
  },
};

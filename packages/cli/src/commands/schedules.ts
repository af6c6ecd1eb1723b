import type { NewSchedule, Schedule } from "@jobline/client";
import type { Command, CommandContext } from "../command-context";
import { exitCodes } from "../exit-codes";
import { integerOption, jsonArgument, parseOptions, positionalsOf } from "../parse-options";
import { printJson, printSchedule, printScheduleTable } from "../print-job";
import { UsageError } from "../usage-error";

const createOptions = {
  cron: { type: "string" },
  "every-ms": { type: "string" },
  timezone: { type: "string" },
  priority: { type: "string" },
  overlap: { type: "string" },
  paused: { type: "boolean" },
} as const;

type Values = { json?: boolean };

function show(context: CommandContext, values: Values, schedule: Schedule): number {
  if (values.json) printJson(context.stdout, schedule);
  else printSchedule(context.stdout, schedule);
  return exitCodes.success;
}

const actions: Record<string, (args: string[], context: CommandContext) => Promise<number>> = {
  async list(args, context) {
    const { values, positionals } = parseOptions(args, { limit: { type: "string" } });
    positionalsOf(positionals, []);
    const limit = integerOption("limit", values.limit) ?? 100;
    const schedules: Schedule[] = [];
    for await (const schedule of context.client().schedules.list({ limit: Math.min(limit, 100) })) {
      schedules.push(schedule);
      if (schedules.length >= limit) break;
    }
    if (values.json) printJson(context.stdout, schedules);
    else printScheduleTable(context.stdout, schedules);
    return exitCodes.success;
  },

  async get(args, context) {
    const { values, positionals } = parseOptions(args, {});
    const [id] = positionalsOf(positionals, ["<id>"]);
    return show(context, values, await context.client().schedules.get(id!));
  },

  async create(args, context) {
    const { values, positionals } = parseOptions(args, createOptions);
    const [name, type, payloadText] = positionalsOf(positionals, ["<name>", "<type>", "[payload]"]);
    if ((values.cron === undefined) === (values["every-ms"] === undefined))
      throw new UsageError("give exactly one of --cron and --every-ms");
    if (values.overlap !== undefined && values.overlap !== "allow" && values.overlap !== "skip")
      throw new UsageError("--overlap is allow or skip");
    const schedule = {
      name,
      type,
      payload: jsonArgument("the payload", payloadText) ?? {},
      cron: values.cron,
      everyMs: integerOption("every-ms", values["every-ms"]),
      timezone: values.timezone,
      priority: integerOption("priority", values.priority),
      overlap: values.overlap,
      paused: values.paused,
    } as NewSchedule;
    return show(context, values, await context.client().schedules.create(schedule));
  },

  async pause(args, context) {
    const { values, positionals } = parseOptions(args, {});
    const [id] = positionalsOf(positionals, ["<id>"]);
    return show(context, values, await context.client().schedules.pause(id!));
  },

  async resume(args, context) {
    const { values, positionals } = parseOptions(args, {});
    const [id] = positionalsOf(positionals, ["<id>"]);
    return show(context, values, await context.client().schedules.resume(id!));
  },

  async delete(args, context) {
    const { positionals } = parseOptions(args, {});
    const [id] = positionalsOf(positionals, ["<id>"]);
    await context.client().schedules.delete(id!);
    context.stderr.write(`schedule ${id} deleted\n`);
    return exitCodes.success;
  },
};

export const schedules: Command = {
  summary: "list, show, create, pause, resume or delete recurring jobs",
  help: `Usage:
  jobline schedules list [--limit N]
  jobline schedules get <id>
  jobline schedules create <name> <type> ['<payload json>'] (--cron EXPR | --every-ms N)
                           [--timezone TZ] [--priority N] [--overlap allow|skip] [--paused]
  jobline schedules pause <id>
  jobline schedules resume <id>
  jobline schedules delete <id>

Each takes --json (print the schedule, or for list a JSON array) and -h, --help.

Options of create:
  --cron EXPR      a cron expression, read in --timezone (default UTC)
  --every-ms N     or a fixed interval
  --overlap skip   skip a run while the previous one has not finished (default allow)
  --paused         create it paused`,

  async run(args, context) {
    const [action, ...rest] = args;
    if (action === undefined) throw new UsageError("missing the action: list, get, create, pause, resume or delete");
    const run = actions[action];
    if (!run) throw new UsageError(`unknown action "${action}": list, get, create, pause, resume or delete`);
    return run(rest, context);
  },
};

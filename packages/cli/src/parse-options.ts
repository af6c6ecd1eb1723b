/** Command lines parsed with node:util's parseArgs; every command takes `--help` and `--json`. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage-error";

type Options = NonNullable<ParseArgsConfig["options"]>;

export const sharedOptions = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
} as const satisfies Options;

export function parseOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...sharedOptions, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs reports unknown or malformed options with a TypeError whose code starts ERR_PARSE_ARGS_.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

export function jsonArgument(what: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${what} is not valid JSON: ${text}`);
  }
}

/** `positionals` must be exactly `names` (the last ones may be optional, written `[name]`). */
export function positionalsOf(positionals: string[], names: string[]): (string | undefined)[] {
  const required = names.filter((name) => !name.startsWith("[")).length;
  if (positionals.length < required) throw new UsageError(`missing ${names.slice(positionals.length, required).join(" ")}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected ${positionals.slice(names.length).join(" ")}`);
  return names.map((_, index) => positionals[index]);
}

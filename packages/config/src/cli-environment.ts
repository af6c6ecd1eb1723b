import type { z } from "zod";
import { ConfigError } from "./config-error";
import { withDevSettings } from "./dev-settings";
import { parseEnvironment } from "./parse-environment";

/**
 * For a command-line tool's entry point: the environment parsed with `schema`, or, when it is unusable, every
 * problem printed under the tool's name and exit code 1. Those of `fromDevStack` that are unset come from the dev
 * stack's settings when `npm run dev` wrote them (the tool says so on stderr), so that the README's commands work in
 * another shell.
 */
export function parseCliEnvironment<Schema extends z.ZodType>(
  program: string,
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
  fromDevStack: readonly string[] = [],
): z.output<Schema> {
  const filled = withDevSettings(env, fromDevStack);
  if (filled.notice) console.error(`${program}: ${filled.notice}`);
  try {
    return parseEnvironment(schema, filled.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${program}: ${error.message}`);
    process.exit(1);
  }
}

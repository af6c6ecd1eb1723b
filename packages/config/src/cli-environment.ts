import type { z } from "zod";
import { ConfigError } from "./config-error";
import { parseEnvironment } from "./parse-environment";

/**
 * For a command-line tool's entry point: the environment parsed with `schema`, or, when it is unusable, every
 * problem printed under the tool's name and exit code 1.
 */
export function parseCliEnvironment<Schema extends z.ZodType>(
  program: string,
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
): z.output<Schema> {
  try {
    return parseEnvironment(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${program}: ${error.message}`);
    process.exit(1);
  }
}

import type { z } from "zod";
import { ConfigError } from "./config-error";

/**
 * Parses the environment with `schema`, or throws one ConfigError naming every bad variable. An empty variable
 * counts as unset: `FOO= node …` takes the default rather than failing as an empty string.
 */
export function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
): z.output<Schema> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`));
  }
  return parsed.data;
}

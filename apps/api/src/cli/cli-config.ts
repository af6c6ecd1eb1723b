import { z } from "zod";
import { configError } from "../config";

/** What the operator CLIs (token, seed) need from the environment: only the database. */
export interface CliConfig {
  databaseUrl: string;
}

const CliEnvSchema = z.object({
  // The `error` covers an unset variable; `min` an empty one.
  DATABASE_URL: z.string({ error: "is required (postgresql://…)" }).min(1, "is required (postgresql://…)"),
});

/** Reads the environment once; every bad variable is listed in one error. */
export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const parsed = CliEnvSchema.safeParse(env);
  if (!parsed.success) throw configError(parsed.error);
  return Object.freeze({ databaseUrl: parsed.data.DATABASE_URL });
}

import { databaseEnv, parseEnvironment } from "@jobline/config";
import { z } from "zod";

/** What the token CLI needs from the environment: only the database. */
export interface CliConfig {
  databaseUrl: string;
}

const CliEnvSchema = z.object(databaseEnv);

/** Reads the environment once; a bad DATABASE_URL is a ConfigError. */
export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  return Object.freeze({ databaseUrl: parseEnvironment(CliEnvSchema, env).DATABASE_URL });
}

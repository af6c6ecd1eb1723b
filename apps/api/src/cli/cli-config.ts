import { ConfigError, databaseEnv, parseEnvironment, shownDevSettingsFile, withDevSettings } from "@jobline/config";
import { z } from "zod";

/** What the token CLI needs from the environment: only the database. */
export interface CliConfig {
  databaseUrl: string;
  /** Set when DATABASE_URL came from the dev stack's settings file rather than the environment: say so. */
  notice?: string;
}

const CliEnvSchema = z.object(databaseEnv);

/**
 * Reads the environment once; a bad DATABASE_URL is a ConfigError. Without DATABASE_URL, the dev stack's settings
 * are used when `npm run dev` wrote them, so its commands work in a new shell as the README shows them.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const { env: filled, notice } = withDevSettings(env, ["DATABASE_URL"]);
  if (filled.DATABASE_URL === undefined) {
    throw new ConfigError([
      `DATABASE_URL: is required; set it, or start the dev stack (npm run dev), whose ${shownDevSettingsFile} is read when it is unset`,
    ]);
  }
  const databaseUrl = parseEnvironment(CliEnvSchema, filled).DATABASE_URL;
  return Object.freeze(notice === undefined ? { databaseUrl } : { databaseUrl, notice });
}

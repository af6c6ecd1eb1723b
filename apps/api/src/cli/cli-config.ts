import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, databaseEnv, parseEnvironment } from "@jobline/config";
import { z } from "zod";

/** What the token CLI needs from the environment: only the database. */
export interface CliConfig {
  databaseUrl: string;
  /** Set when DATABASE_URL came from the dev stack's settings file rather than the environment: say so. */
  notice?: string;
}

const CliEnvSchema = z.object(databaseEnv);

/** Where `npm run dev` (local mode) writes its settings for commands run later in another shell. */
export const devSettingsFile = path.resolve(__dirname, "../../../../.jobline/dev/settings.env");
const shownPath = ".jobline/dev/settings.env";

/** `NAME=value` lines; `#` comments and blank lines skipped. Undefined when there is no such file. */
function readSettings(file: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const entries = text.split("\n").flatMap((line) => {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [[match[1]!, match[2]!] as const] : [];
  });
  return Object.fromEntries(entries);
}

/**
 * Reads the environment once; a bad DATABASE_URL is a ConfigError. Without DATABASE_URL, the dev stack's settings
 * are used when `npm run dev` wrote them, so its commands work in a new shell as the README shows them.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv, settingsFile = devSettingsFile): CliConfig {
  if (env.DATABASE_URL !== undefined) return Object.freeze({ databaseUrl: parseEnvironment(CliEnvSchema, env).DATABASE_URL });
  const settings = readSettings(settingsFile);
  if (settings?.DATABASE_URL === undefined) {
    throw new ConfigError([
      `DATABASE_URL: is required; set it, or start the dev stack (npm run dev), whose ${shownPath} is read when it is unset`,
    ]);
  }
  return Object.freeze({
    databaseUrl: parseEnvironment(CliEnvSchema, { DATABASE_URL: settings.DATABASE_URL }).DATABASE_URL,
    notice: `DATABASE_URL is not set: using the dev stack's, from ${shownPath}`,
  });
}

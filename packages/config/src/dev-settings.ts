import { readFileSync } from "node:fs";
import path from "node:path";

type Env = Readonly<Record<string, string | undefined>>;

/** Where `npm run dev` (local mode) writes its settings, for commands run later in another shell. */
export const defaultDevSettingsFile = path.resolve(__dirname, "../../../.jobline/dev/settings.env");
/** The same, as the messages show it. */
export const shownDevSettingsFile = ".jobline/dev/settings.env";

/**
 * The settings file to read: JOBLINE_DEV_SETTINGS when set (empty means none: the test harnesses set it so, so that
 * a running dev stack never leaks into a test), else the dev stack's.
 */
export function devSettingsFile(env: Env): string | undefined {
  const chosen = env.JOBLINE_DEV_SETTINGS;
  if (chosen === undefined) return defaultDevSettingsFile;
  return chosen === "" ? undefined : chosen;
}

/** `NAME=value` lines; `#` comments and blank lines skipped. Empty when there is no such file. */
function readSettings(file: string | undefined): Record<string, string> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {};
  }
  const entries = text.split("\n").flatMap((line) => {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [[match[1]!, match[2]!] as const] : [];
  });
  return Object.fromEntries(entries);
}

export interface WithDevSettings {
  env: Env;
  /** Set when some of `names` came from the dev stack's settings: a command says so, once, on stderr. */
  notice?: string;
}

/**
 * `env` with those of `names` it leaves unset taken from the dev stack's settings, when `npm run dev` wrote them, so
 * that operator commands work in a new shell as the README shows them. The environment always wins.
 */
export function withDevSettings(env: Env, names: readonly string[]): WithDevSettings {
  const missing = names.filter((name) => env[name] === undefined);
  if (missing.length === 0) return { env };
  const settings = readSettings(devSettingsFile(env));
  const found = missing.filter((name) => settings[name] !== undefined);
  if (found.length === 0) return { env };
  const filled = Object.fromEntries(found.map((name) => [name, settings[name]]));
  const shown = env.JOBLINE_DEV_SETTINGS || shownDevSettingsFile;
  return {
    env: { ...env, ...filled },
    notice: `${found.join(", ")} ${found.length === 1 ? "is" : "are"} not set: using the dev stack's, from ${shown}`,
  };
}

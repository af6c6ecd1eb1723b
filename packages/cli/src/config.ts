import { existsSync } from "node:fs";
import path from "node:path";
import { shownDevSettingsFile, withDevSettings } from "@jobline/config";

/** The command's settings, read from its environment once, in `main`. */
export interface CliConfig {
  url: string;
  token: string | undefined;
  /** Set when JOBLINE_URL came from the dev stack's settings: said on stderr, so a wrong URL is not a mystery. */
  notice?: string;
}

/** The API's own default port (`PORT`, 3000). */
export const defaultUrl = "http://localhost:3000";

/**
 * The dev stack's settings file in `directory` or the nearest folder above it that has one. `jobline` may be
 * installed anywhere (`npm install -g`), so the checkout it serves is the one it is run in, not the one it lives in.
 */
export function findDevSettings(directory: string): string | undefined {
  for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
    const file = path.join(dir, shownDevSettingsFile);
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Without JOBLINE_URL, the dev stack's (`npm run dev` may have moved off 3000), else the API's default. */
export function readConfig(env: Record<string, string | undefined>, cwd: string): CliConfig {
  const settings = env.JOBLINE_DEV_SETTINGS ?? findDevSettings(cwd) ?? "";
  const { env: filled, notice } = withDevSettings({ ...env, JOBLINE_DEV_SETTINGS: settings }, ["JOBLINE_URL"]);
  const config = { url: filled.JOBLINE_URL || defaultUrl, token: env.JOBLINE_TOKEN || undefined };
  return notice === undefined ? config : { ...config, notice };
}

export const environmentHelp = `Environment:
  JOBLINE_URL     the API (default: the dev stack's, from .jobline/dev/settings.env in this folder or one above it, when
                  npm run dev runs; else ${defaultUrl})
  JOBLINE_TOKEN   an API key (jl_…) with the jobs:read and jobs:write scopes`;

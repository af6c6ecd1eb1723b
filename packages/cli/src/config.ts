import { withDevSettings } from "@jobline/config";

/** The command's settings, read from its environment once, in `main`. */
export interface CliConfig {
  url: string;
  token: string | undefined;
  /** Set when JOBLINE_URL came from the dev stack's settings: said on stderr, so a wrong URL is not a mystery. */
  notice?: string;
}

/** The API's own default port (`PORT`, 3000). */
export const defaultUrl = "http://localhost:3000";

/** Without JOBLINE_URL, the dev stack's (`npm run dev` may have moved off 3000), else the API's default. */
export function readConfig(env: Record<string, string | undefined>): CliConfig {
  const { env: filled, notice } = withDevSettings(env, ["JOBLINE_URL"]);
  const config = { url: filled.JOBLINE_URL || defaultUrl, token: env.JOBLINE_TOKEN || undefined };
  return notice === undefined ? config : { ...config, notice };
}

export const environmentHelp = `Environment:
  JOBLINE_URL     the API (default: the dev stack's, from .jobline/dev/settings.env, when npm run dev runs; else ${defaultUrl})
  JOBLINE_TOKEN   an API key (jl_…) with the jobs:read and jobs:write scopes`;

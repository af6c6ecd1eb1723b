/** The command's settings, read from its environment once, in `main`. */
export interface CliConfig {
  url: string;
  token: string | undefined;
}

/** The API's own default port (`PORT`, 3000). */
export const defaultUrl = "http://localhost:3000";

export function readConfig(env: Record<string, string | undefined>): CliConfig {
  return { url: env.JOBLINE_URL || defaultUrl, token: env.JOBLINE_TOKEN || undefined };
}

export const environmentHelp = `Environment:
  JOBLINE_URL     the API (default ${defaultUrl})
  JOBLINE_TOKEN   an API key (jl_…) with the jobs:read and jobs:write scopes`;

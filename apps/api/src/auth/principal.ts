import type { Scope } from "@jobline/contract";

/** The owner's own limits, read from its row with the token; null follows the deployment's default. */
export interface OwnerLimitOverrides {
  rateLimitPerMinute: number | null;
  maxUnfinishedJobs: number | null;
  maxSchedules: number | null;
}

/** Who is calling: the verified token's owner and scopes. */
export interface Principal {
  apiKeyId: string;
  ownerId: string;
  scopes: readonly Scope[];
  limits: OwnerLimitOverrides;
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes("admin") || principal.scopes.includes(scope);
}

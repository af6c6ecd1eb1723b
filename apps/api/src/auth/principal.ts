import type { Scope } from "@jobline/contract";

/** The owner's own limits, read from its row with the token; null follows the deployment's default. */
export interface OwnerLimitOverrides {
  rateLimitPerMinute: number | null;
  maxUnfinishedJobs: number | null;
}

/** Who is calling: the verified token's owner and scopes. */
export interface Principal {
  apiKeyId: string;
  ownerId: string;
  scopes: readonly Scope[];
  limits: OwnerLimitOverrides;
}

/** Whose jobs a principal reaches: its own owner's, or every owner's for `admin` (the explicit, separate path). */
export type OwnerScope = { kind: "owner"; ownerId: string } | { kind: "all" };

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes("admin") || principal.scopes.includes(scope);
}

export function ownerScopeOf(principal: Principal): OwnerScope {
  return principal.scopes.includes("admin") ? { kind: "all" } : { kind: "owner", ownerId: principal.ownerId };
}

/** The `ownerId` filter for a query or conditional write; undefined means no filter (admin). */
export function ownerIdFilter(scope: OwnerScope): string | undefined {
  return scope.kind === "owner" ? scope.ownerId : undefined;
}

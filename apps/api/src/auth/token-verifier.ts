import { findActiveApiKey, hashToken, type Pool } from "@jobline/db";
import { ScopeSchema } from "@jobline/contract";
import type { Principal } from "./principal";

export interface TokenVerifier {
  verify(token: string): Promise<Principal | null>;
  /** Whether the token still verifies, asking Postgres past the cache (an open stream checks its token so). */
  recheck(token: string): Promise<boolean>;
  /** The token was valid at its last look-up by this process, within a day: a throttled address may still use it. */
  knows(token: string): boolean;
}

const knownForMs = 24 * 60 * 60 * 1000;
const maxEntries = 10_000;

/**
 * Looks tokens up by hash and remembers verified ones for `cacheMs`, keeping the hot path off Postgres.
 * A revoked token therefore stops working within that window (the README says so), and so does a change of the
 * owner's limits, which come with the token. An expiring token is remembered no longer than it lives: expiry holds
 * to the millisecond, cached or not.
 */
export function createTokenVerifier(pool: Pool, cacheMs: number, now: () => number = Date.now): TokenVerifier {
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();
  /** Token hashes by when they were last found valid. */
  const known = new Map<string, number>();
  const verifier: TokenVerifier = {
    async recheck(token) {
      cache.delete(hashToken(token));
      return (await verifier.verify(token)) !== null;
    },
    knows(token) {
      const verifiedAt = known.get(hashToken(token));
      return verifiedAt !== undefined && verifiedAt > now() - knownForMs;
    },
    async verify(token) {
      const key = hashToken(token);
      const cached = cache.get(key);
      if (cached && cached.expiresAt > now()) return cached.principal;
      cache.delete(key);
      const apiKey = await findActiveApiKey(pool, token, new Date(now()));
      if (!apiKey) {
        known.delete(key);
        return null;
      }
      if (known.size >= maxEntries) known.clear();
      known.set(key, now());
      const principal: Principal = {
        apiKeyId: apiKey.id,
        ownerId: apiKey.ownerId,
        scopes: apiKey.scopes.flatMap((scope) => {
          const parsed = ScopeSchema.safeParse(scope);
          return parsed.success ? [parsed.data] : [];
        }),
        limits: {
          rateLimitPerMinute: apiKey.owner.rateLimitPerMinute,
          maxUnfinishedJobs: apiKey.owner.maxUnfinishedJobs,
          maxSchedules: apiKey.owner.maxSchedules,
        },
      };
      if (cacheMs > 0) {
        if (cache.size > maxEntries) cache.clear();
        cache.set(key, { principal, expiresAt: Math.min(now() + cacheMs, apiKey.expiresAt?.getTime() ?? Infinity) });
      }
      return principal;
    },
  };
  return verifier;
}

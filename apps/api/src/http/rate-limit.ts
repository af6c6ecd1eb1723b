import type { RequestHandler } from "express";
import { effectiveLimits, type EdgeLimits } from "../limits/edge-limits";
import { principalOf } from "./auth";
import { RateLimitedError } from "./errors";

/**
 * Counts every authenticated request against its owner's rate and says where it stands in `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window resets) on every answer, problem documents
 * included; past the limit, a 429 with `Retry-After`. Runs after `authenticate`.
 */
export function limitRequestRate(limits: EdgeLimits): RequestHandler {
  return async (_req, res, next) => {
    const principal = principalOf(res);
    const { rateLimitPerMinute } = effectiveLimits(limits.defaults, principal.limits);
    const decision = await limits.rate.take(principal.ownerId, rateLimitPerMinute);
    res.setHeader("RateLimit-Limit", String(decision.limit));
    res.setHeader("RateLimit-Remaining", String(decision.remaining));
    res.setHeader("RateLimit-Reset", String(decision.resetSeconds));
    if (!decision.allowed) {
      throw new RateLimitedError(`more than ${decision.limit} requests in a minute for this owner`, decision.resetSeconds);
    }
    next();
  };
}

import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { effectiveLimits, type EdgeLimits } from "../limits/edge-limits";
import type { RateDecision } from "../limits/request-rate";
import { principalOf } from "./auth";
import { RateLimitedError } from "./errors";

/** Says where the request stands in `RateLimit-*`; past the limit, refuses it (a 429 with `Retry-After`). */
export function applyRateDecision(res: Response, decision: RateDecision): void {
  res.setHeader("RateLimit-Limit", String(decision.limit));
  res.setHeader("RateLimit-Remaining", String(decision.remaining));
  res.setHeader("RateLimit-Reset", String(decision.resetSeconds));
  if (!decision.allowed) {
    throw new RateLimitedError(`more than ${decision.limit} requests in a minute for this owner`, decision.resetSeconds);
  }
}

/** The submissions, as the `/v1` router sees their paths (Express matches case-insensitively, with or without a final `/`). */
const submissionPaths = new Set(["/jobs", "/jobs/", "/jobs/batch", "/jobs/batch/"]);

/** A submission's rate is taken with its cap, in one round trip (limits/submit-admission.ts), unless it fails first. */
function takesRateWithCap(req: Request): boolean {
  return req.method === "POST" && submissionPaths.has(req.path.toLowerCase());
}

/** Marks the request whose rate is still to be taken: by its submission's admission, or by `takeDeferredRate`. */
export function rateDeferred(res: Response): boolean {
  return res.locals.rateDeferred === true;
}

export function settleDeferredRate(res: Response): void {
  res.locals.rateDeferred = false;
}

async function takeRate(limits: EdgeLimits, res: Response): Promise<void> {
  const principal = principalOf(res);
  const { rateLimitPerMinute } = effectiveLimits(limits.defaults, principal.limits);
  applyRateDecision(res, await limits.rate.take(principal.ownerId, rateLimitPerMinute));
}

/**
 * Counts every authenticated request against its owner's rate and says where it stands in `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window resets) on every answer, problem documents
 * included; past the limit, a 429 with `Retry-After`. Runs after `authenticate`.
 */
export function limitRequestRate(limits: EdgeLimits): RequestHandler {
  return async (req, res, next) => {
    if (takesRateWithCap(req)) res.locals.rateDeferred = true;
    else await takeRate(limits, res);
    next();
  };
}

/**
 * A submission that fails before its admission (a body that does not parse, a job that does not validate) is
 * counted here, on its way to the problem document, which then carries the `RateLimit-*` headers; past the limit the
 * 429 wins, as it did when the rate was taken before the body was read.
 */
export function takeDeferredRate(limits: EdgeLimits): ErrorRequestHandler {
  return async (error, _req, res, next) => {
    if (rateDeferred(res)) {
      settleDeferredRate(res);
      await takeRate(limits, res);
    }
    next(error);
  };
}

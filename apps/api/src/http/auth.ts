import type { Scope } from "@jobline/contract";
import { scopeOf, type OwnerScope, type TokenActor } from "@jobline/engine";
import type { Request, RequestHandler, Response } from "express";
import { hasScope, type Principal } from "../auth/principal";
import { tokenActorOf } from "../auth/token-actor";
import type { TokenVerifier } from "../auth/token-verifier";
import type { AuthFailures } from "../limits/auth-failures";
import { ForbiddenError, UnauthorizedError } from "./errors";
import { clientAddressKey, countFailure, refuseIfBlocked } from "./failed-auth";

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerTokenOf(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "")?.[1];
}

/**
 * Verifies `Authorization: Bearer <token>` and leaves the principal in `res.locals`. Failures count against the
 * client's address; once it has had too many, a token this process does not know is refused (429) before its
 * look-up, while a token it has verified is still looked up and served.
 */
export function authenticate(verifier: TokenVerifier, failures: AuthFailures): RequestHandler {
  return async (req, res, next) => {
    const token = bearerTokenOf(req);
    const keys = [clientAddressKey(req)];
    if (!token || !verifier.knows(token)) await refuseIfBlocked(failures, keys);
    const principal = token ? await verifier.verify(token) : null;
    if (!principal) {
      await countFailure(failures, keys);
      throw new UnauthorizedError(token ? "the token is unknown or revoked" : "send Authorization: Bearer <token>");
    }
    res.locals.principal = principal;
    next();
  };
}

export function requireScope(scope: Scope): RequestHandler {
  return (_req, res, next) => {
    if (!hasScope(principalOf(res), scope)) throw new ForbiddenError(`this needs the ${scope} scope`);
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** The caller as the engine's operations take it. */
export function actorOf(res: Response): TokenActor {
  return tokenActorOf(principalOf(res));
}

/** Whose jobs and schedules the caller reaches: its owner's, or every owner's for an admin token. */
export function scopeOfCaller(res: Response): OwnerScope {
  return scopeOf(actorOf(res));
}

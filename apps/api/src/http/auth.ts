import type { Scope } from "@jobline/contract";
import { scopeOf, type OwnerScope, type TokenActor } from "@jobline/engine";
import type { Request, RequestHandler, Response } from "express";
import { hasScope, type Principal } from "../auth/principal";
import { tokenActorOf } from "../auth/token-actor";
import type { TokenVerifier } from "../auth/token-verifier";
import { ForbiddenError, UnauthorizedError } from "./errors";

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerTokenOf(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "")?.[1];
}

/** Verifies `Authorization: Bearer <token>` and leaves the principal in `res.locals`. */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = bearerTokenOf(req);
    if (!token) throw new UnauthorizedError("send Authorization: Bearer <token>");
    const principal = await verifier.verify(token);
    if (!principal) throw new UnauthorizedError("the token is unknown or revoked");
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

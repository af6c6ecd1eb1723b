import type { TokenActor } from "@jobline/engine";
import { hasScope, type Principal } from "./principal";

/** A verified token as the engine's operations know who acts: an admin's reaches every owner's jobs. */
export function tokenActorOf(principal: Principal): TokenActor {
  return { kind: "token", apiKeyId: principal.apiKeyId, ownerId: principal.ownerId, admin: hasScope(principal, "admin") };
}

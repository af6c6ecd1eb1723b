import type { AuditActor } from "@jobline/db";
import type { Principal } from "./principal";

/** A token's principal as the audit log names it. */
export function auditActorOf(principal: Principal): AuditActor {
  return { apiKeyId: principal.apiKeyId, ownerId: principal.ownerId, label: `key ${principal.apiKeyId}` };
}

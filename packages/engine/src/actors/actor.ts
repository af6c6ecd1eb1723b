/**
 * Who acts on a job: a verified API token (an owner's, or an admin's that reaches every owner's jobs), or an operator
 * on the dashboard. The actor decides the operation's reach and what the audit log says of it (audit/job-audit.ts).
 */
import type { AuditActor } from "@jobline/db";
import type { OwnerScope } from "./owner-scope";

export interface TokenActor {
  kind: "token";
  apiKeyId: string;
  /** The token's owner: the jobs it submits are this owner's. */
  ownerId: string;
  /** An admin token reaches every owner's jobs (the explicit, separate path). */
  admin: boolean;
}

export interface DashboardActor {
  kind: "dashboard";
  /** The operator's user name (the dashboard's Basic authentication). */
  operator: string;
  /** The dashboard's queue the action was taken in; none for an action on every queue. */
  queue?: string;
}

export type Actor = TokenActor | DashboardActor;

export function scopeOf(actor: Actor): OwnerScope {
  return actor.kind === "token" && !actor.admin ? { kind: "owner", ownerId: actor.ownerId } : { kind: "all" };
}

/** The actor as the audit log names it: `key <id>`, `dashboard (<user>)`. */
export function auditActorOf(actor: Actor): AuditActor {
  return actor.kind === "token"
    ? { kind: actor.admin ? "admin" : "owner", apiKeyId: actor.apiKeyId, ownerId: actor.ownerId, label: `key ${actor.apiKeyId}` }
    : { kind: "dashboard", label: `dashboard (${actor.operator})` };
}

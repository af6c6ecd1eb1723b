/**
 * The audit log: every operator action, appended as it happens (after the action itself succeeded), read newest
 * first. The API's admin routes and the dashboard write here; `GET /v1/audit` reads it.
 */
import type { AuditActorKind } from "@jobline/contract";
import type { AuditEntry, Prisma, PrismaClient } from "./generated/prisma/client";

export interface AuditActor {
  kind: AuditActorKind;
  apiKeyId?: string | null;
  ownerId?: string | null;
  /** For people reading the log: `key <id>`, `dashboard (<user>)`. */
  label: string;
}

export interface AuditRecord {
  actor: AuditActor;
  /** `job.redrive`, `job.cancel`, `token.create`, `owner.limits`, … */
  action: string;
  target: string;
  count?: number;
  detail?: Prisma.InputJsonValue;
}

export async function recordAudit(prisma: Pick<PrismaClient, "auditEntry">, record: AuditRecord): Promise<AuditEntry> {
  return prisma.auditEntry.create({
    data: {
      actorApiKeyId: record.actor.apiKeyId ?? null,
      actorOwnerId: record.actor.ownerId ?? null,
      actor: record.actor.label,
      actorKind: record.actor.kind,
      action: record.action,
      target: record.target,
      count: record.count ?? 1,
      detail: record.detail,
    },
  });
}

/** Position after the last entry of a page: (createdAt, id), newest first. */
export interface AuditCursor {
  createdAt: Date;
  id: bigint;
}

/** Up to `limit` entries after `after`, newest first. */
export function readAuditPage(
  prisma: Pick<PrismaClient, "auditEntry">,
  query: { limit: number; after?: AuditCursor; action?: string; actorKind?: AuditActorKind },
): Promise<AuditEntry[]> {
  const { after } = query;
  return prisma.auditEntry.findMany({
    where: {
      ...(query.action ? { action: query.action } : {}),
      ...(query.actorKind ? { actorKind: query.actorKind } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
}

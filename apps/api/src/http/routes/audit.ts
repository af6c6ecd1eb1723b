import { readAuditPage, type AuditEntry, type PrismaClient } from "@jobline/db";
import { ListAuditQuerySchema, type AuditActorKind, type AuditEntryResource } from "@jobline/contract";
import { bigintId, pageOf, positionAfter } from "@jobline/engine";
import { Router } from "express";
import { requireScope } from "../auth";
import { parsed } from "../request-shape";

function toAuditResource(entry: AuditEntry): AuditEntryResource {
  return {
    id: entry.id.toString(),
    actor: { kind: entry.actorKind as AuditActorKind, apiKeyId: entry.actorApiKeyId, ownerId: entry.actorOwnerId, label: entry.actor },
    action: entry.action,
    target: entry.target,
    count: entry.count,
    detail: entry.detail ?? null,
    at: entry.createdAt.toISOString(),
  };
}

/** `GET /v1/audit` (admin): operator actions, newest first. */
export function auditRoutes(deps: { prisma: PrismaClient }): Router {
  const router = Router();
  router.get("/", requireScope("admin"), async (req, res) => {
    const { limit, cursor, action, actorKind } = parsed(ListAuditQuerySchema, req.query);
    const position = positionAfter(cursor, bigintId);
    const after = position && { createdAt: position.createdAt, id: BigInt(position.id) };
    const rows = await readAuditPage(deps.prisma, { limit: limit + 1, after, action, actorKind });
    const { page, nextCursor } = pageOf(rows, limit);
    res.json({ data: page.map(toAuditResource), nextCursor });
  });
  return router;
}

import { readAuditPage, type AuditCursor, type AuditEntry, type PrismaClient } from "@jobline/db";
import { ListAuditQuerySchema, toIssues, type AuditEntryResource } from "@jobline/jobs";
import { Router } from "express";
import { z } from "zod";
import { requireScope } from "../auth";
import { ValidationError } from "../errors";

const CursorSchema = z.tuple([z.iso.datetime(), z.string().regex(/^\d{1,19}$/).refine((id) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n)]);

function encodeAuditCursor(entry: AuditEntry): string {
  return Buffer.from(JSON.stringify([entry.createdAt.toISOString(), entry.id.toString()])).toString("base64url");
}

function decodeAuditCursor(text: string): AuditCursor | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: BigInt(parsed.data[1]) } : null;
  } catch {
    return null;
  }
}

function toAuditResource(entry: AuditEntry): AuditEntryResource {
  return {
    id: entry.id.toString(),
    actor: { apiKeyId: entry.actorApiKeyId, ownerId: entry.actorOwnerId, label: entry.actor },
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
    const query = ListAuditQuerySchema.safeParse(req.query);
    if (!query.success) throw new ValidationError(toIssues(query.error));
    const { limit, cursor, action } = query.data;
    const after = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    if (after === null) throw new ValidationError([{ path: "cursor", message: "cursor is not one this API returned" }]);
    const rows = await readAuditPage(deps.prisma, { limit: limit + 1, after, action });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    res.json({ data: page.map(toAuditResource), nextCursor: rows.length > limit && last ? encodeAuditCursor(last) : null });
  });
  return router;
}

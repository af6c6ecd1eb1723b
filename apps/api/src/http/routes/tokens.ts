import { createApiKeyAudited, readApiKeyPage, revokeApiKeyAudited, type ApiKeySummary, type PrismaClient } from "@jobline/db";
import { CreateTokenBodySchema, ListTokensQuerySchema, type TokenResource } from "@jobline/contract";
import { auditActorOf, InvalidInputError, NotFoundError, pageOf, positionAfter } from "@jobline/engine";
import { Router } from "express";
import { actorOf, requireScope } from "../auth";
import { parsed } from "../request-shape";
import { requireJson } from "../require-json";

const dayMs = 24 * 60 * 60 * 1000;

function toTokenResource(key: ApiKeySummary): TokenResource {
  return {
    id: key.id,
    owner: key.owner,
    prefix: key.prefix,
    name: key.name,
    scopes: key.scopes as TokenResource["scopes"],
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

function expiryOf(body: { expiresAt?: string; expiresInDays?: number }, now: Date): Date | null {
  if (body.expiresInDays !== undefined) return new Date(now.getTime() + body.expiresInDays * dayMs);
  if (body.expiresAt === undefined) return null;
  const at = new Date(body.expiresAt);
  if (at.getTime() <= now.getTime()) throw new InvalidInputError([{ path: "expiresAt", message: "must be in the future" }]);
  return at;
}

/** `POST/GET /v1/tokens`, `DELETE /v1/tokens/{id}` (admin): API keys, as the token command line manages them. */
export function tokenRoutes(deps: { prisma: PrismaClient }): Router {
  const router = Router();
  router.post("/", requireScope("admin"), requireJson, async (req, res) => {
    const body = parsed(CreateTokenBodySchema, req.body);
    const { owner, scopes, name } = body;
    const expiresAt = expiryOf(body, new Date());
    const created = await createApiKeyAudited(deps.prisma, auditActorOf(actorOf(res)), { owner, scopes, name, expiresAt });
    const summary: ApiKeySummary = { ...created.apiKey, owner: { id: created.owner.id, name: created.owner.name } };
    res
      .status(201)
      .location(`/v1/tokens/${created.apiKey.id}`)
      .json({ ...toTokenResource(summary), token: created.token });
  });

  router.get("/", requireScope("admin"), async (req, res) => {
    const { limit, cursor, owner } = parsed(ListTokensQuerySchema, req.query);
    const rows = await readApiKeyPage(deps.prisma, { limit: limit + 1, owner, after: positionAfter(cursor) });
    const { page, nextCursor } = pageOf(rows, limit);
    res.json({ data: page.map(toTokenResource), nextCursor });
  });

  router.delete("/:id", requireScope("admin"), async (req, res) => {
    const id = String(req.params.id);
    if (!(await revokeApiKeyAudited(deps.prisma, auditActorOf(actorOf(res)), id))) throw new NotFoundError(`no token ${id}`);
    res.status(204).end();
  });

  return router;
}

import { findOwner, readOwnerPage, recordAudit, setOwnerLimits, type OwnerSummary, type PrismaClient } from "@jobline/db";
import { ListOwnersQuerySchema, PatchOwnerBodySchema, type OwnerResource } from "@jobline/contract";
import { auditActorOf, NotFoundError, pageOf, positionAfter } from "@jobline/engine";
import { Router } from "express";
import { effectiveLimits, type LimitDefaults } from "../../limits/edge-limits";
import { actorOf, requireScope } from "../auth";
import { parsed } from "../request-shape";
import { requireJson } from "../require-json";

/** `GET /v1/owners`, `GET/PATCH /v1/owners/{id}` (admin): owners and their limits. */
export function ownerRoutes(deps: { prisma: PrismaClient; limits: { defaults: LimitDefaults } }): Router {
  const router = Router();
  const toOwnerResource = (owner: OwnerSummary): OwnerResource => ({
    id: owner.id,
    name: owner.name,
    rateLimitPerMinute: owner.rateLimitPerMinute,
    maxUnfinishedJobs: owner.maxUnfinishedJobs,
    maxSchedules: owner.maxSchedules,
    effective: effectiveLimits(deps.limits.defaults, owner),
    createdAt: owner.createdAt.toISOString(),
  });

  router.get("/", requireScope("admin"), async (req, res) => {
    const { limit, cursor } = parsed(ListOwnersQuerySchema, req.query);
    const rows = await readOwnerPage(deps.prisma, { limit: limit + 1, after: positionAfter(cursor) });
    const { page, nextCursor } = pageOf(rows, limit);
    res.json({ data: page.map(toOwnerResource), nextCursor });
  });

  router.get("/:id", requireScope("admin"), async (req, res) => {
    const owner = await findOwner(deps.prisma, String(req.params.id));
    if (!owner) throw new NotFoundError(`no owner ${req.params.id}`);
    res.json(toOwnerResource(owner));
  });

  router.patch("/:id", requireScope("admin"), requireJson, async (req, res) => {
    const changed = await setOwnerLimits(deps.prisma, String(req.params.id), parsed(PatchOwnerBodySchema, req.body));
    if (!changed) throw new NotFoundError(`no owner ${req.params.id}`);
    const limitsOf = (owner: OwnerSummary) => ({
      rateLimitPerMinute: owner.rateLimitPerMinute,
      maxUnfinishedJobs: owner.maxUnfinishedJobs,
      maxSchedules: owner.maxSchedules,
    });
    await recordAudit(deps.prisma, {
      actor: auditActorOf(actorOf(res)),
      action: "owner.limits",
      target: changed.after.id,
      detail: { owner: changed.after.name, before: limitsOf(changed.before), after: limitsOf(changed.after) },
    });
    res.json(toOwnerResource(changed.after));
  });

  return router;
}

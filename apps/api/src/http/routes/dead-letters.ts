import { normalizeFailureMessage, readDeadLetterGroups, type PrismaClient } from "@jobline/db";
import { ListDeadLettersQuerySchema, RedriveDeadLettersBodySchema, toIssues, type DeadLetterGroup } from "@jobline/contract";
import { Router } from "express";
import { auditActorOf } from "../../auth/audit-actor";
import { redriveDeadLetters } from "../../jobs/redrive-dead-letters";
import type { RedriveDeps } from "../../jobs/redrive";
import { principalOf, requireScope } from "../auth";
import { ValidationError } from "../errors";
import { requireJson } from "../require-json";

/** `GET /v1/dead-letters` and `POST /v1/dead-letters/redrive` (admin): failed jobs by fingerprint, and their re-drive. */
export function deadLetterRoutes(deps: RedriveDeps & { prisma: PrismaClient }): Router {
  const router = Router();

  router.get("/", requireScope("admin"), async (req, res) => {
    const query = ListDeadLettersQuerySchema.safeParse(req.query);
    if (!query.success) throw new ValidationError(toIssues(query.error));
    const rows = await readDeadLetterGroups(deps.pool, query.data);
    const data: DeadLetterGroup[] = rows.map((row) => ({
      ...row,
      message: normalizeFailureMessage(row.message ?? ""),
      firstFailedAt: row.firstFailedAt.toISOString(),
      lastFailedAt: row.lastFailedAt.toISOString(),
    }));
    res.json({ data });
  });

  router.post("/redrive", requireScope("admin"), requireJson, async (req, res) => {
    const body = RedriveDeadLettersBodySchema.safeParse(req.body);
    if (!body.success) throw new ValidationError(toIssues(body.error));
    res.json(await redriveDeadLetters(deps, auditActorOf(principalOf(res)), body.data));
  });

  return router;
}

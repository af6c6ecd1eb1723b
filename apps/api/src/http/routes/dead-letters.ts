import { normalizeFailureMessage, readDeadLetterGroups, type PrismaClient } from "@jobline/db";
import { ListDeadLettersQuerySchema, RedriveDeadLettersBodySchema, type DeadLetterGroup } from "@jobline/contract";
import { redriveDeadLetters, type DeadLetterRedriveDeps } from "@jobline/engine";
import { Router } from "express";
import { actorOf, requireScope } from "../auth";
import { parsed } from "../request-shape";
import { requireJson } from "../require-json";

/** `GET /v1/dead-letters` and `POST /v1/dead-letters/redrive` (admin): failed jobs by fingerprint, and their re-drive. */
export function deadLetterRoutes(deps: DeadLetterRedriveDeps & { prisma: PrismaClient }): Router {
  const router = Router();

  router.get("/", requireScope("admin"), async (req, res) => {
    const rows = await readDeadLetterGroups(deps.pool, parsed(ListDeadLettersQuerySchema, req.query));
    const data: DeadLetterGroup[] = rows.map((row) => ({
      ...row,
      message: normalizeFailureMessage(row.message ?? ""),
      firstFailedAt: row.firstFailedAt.toISOString(),
      lastFailedAt: row.lastFailedAt.toISOString(),
    }));
    res.json({ data });
  });

  router.post("/redrive", requireScope("admin"), requireJson, async (req, res) => {
    res.json(await redriveDeadLetters(deps, actorOf(res), parsed(RedriveDeadLettersBodySchema, req.body)));
  });

  return router;
}

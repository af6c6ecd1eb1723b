import { isJobId, readDeliveryLog, type Pool } from "@jobline/db";
import { findJob, NotFoundError, ownerIdFilter } from "@jobline/engine";
import { Router } from "express";
import { requireScope, scopeOfCaller } from "../auth";

/** `GET /v1/jobs/{id}/deliveries`: the job's webhook delivery log, one entry per attempt plus one per delivery still pending. */
export function jobDeliveryRoutes(deps: { pool: Pool }): Router {
  const router = Router();
  router.get("/:id/deliveries", requireScope("jobs:read"), async (req, res) => {
    const id = String(req.params.id);
    const scope = scopeOfCaller(res);
    // A foreign job answers exactly like an unknown one.
    if (!isJobId(id) || !(await findJob(deps.pool, scope, id))) throw new NotFoundError(`no job ${id}`);
    const log = await readDeliveryLog(deps.pool, id, ownerIdFilter(scope) ?? null);
    res.json({ data: log.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })) });
  });
  return router;
}

import { readWebhookSecret, rotateWebhookSecret, type PrismaClient } from "@jobline/db";
import { NotFoundError } from "@jobline/engine";
import { Router } from "express";
import { principalOf, requireScope } from "../auth";

/**
 * The caller's owner's webhook signing secret, and its rotation (the previous one keeps signing for 24 h). Both need
 * jobs:write: whoever reads the secret can forge deliveries. The secret is never logged.
 */
export function webhookSecretRoutes(deps: { prisma: PrismaClient }): Router {
  const router = Router();
  router.get("/", requireScope("jobs:write"), async (_req, res) => {
    const secret = await readWebhookSecret(deps.prisma, principalOf(res).ownerId);
    if (secret === null) throw new NotFoundError("the token's owner no longer exists");
    res.set("Cache-Control", "no-store").json({ secret });
  });
  router.post("/rotate", requireScope("jobs:write"), async (_req, res) => {
    const secret = await rotateWebhookSecret(deps.prisma, principalOf(res).ownerId, new Date());
    if (secret === null) throw new NotFoundError("the token's owner no longer exists");
    res.set("Cache-Control", "no-store").json({ secret });
  });
  return router;
}

import { queueCounts, type JobQueues } from "@jobline/queues";
import { Router } from "express";
import { requireScope } from "../auth";

/** `GET /v1/queues` (admin): counts for the cpu, gpu and dead-letter queues. */
export function queueRoutes(queues: JobQueues): Router {
  const router = Router();
  router.get("/", requireScope("admin"), async (_req, res) => {
    res.json({ data: await Promise.all(queues.all().map(queueCounts)) });
  });
  return router;
}

import { queueCounts, type JobQueues } from "@jobline/queues";
import { Router } from "express";
import { requireScope } from "../auth";
import type { QueueCountsList } from "../service-resources";

/** `GET /v1/queues` (admin): counts for the cpu, gpu and dead-letter queues. */
export function queueRoutes(queues: JobQueues): Router {
  const router = Router();
  router.get("/", requireScope("admin"), async (_req, res) => {
    const answer: QueueCountsList = { data: await Promise.all(queues.all().map(queueCounts)) };
    res.json(answer);
  });
  return router;
}

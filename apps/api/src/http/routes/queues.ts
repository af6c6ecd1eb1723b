import type { JobQueues } from "@jobline/queues";
import { Router } from "express";
import { requireScope } from "../auth";

/** `GET /v1/queues` (admin): counts for the cpu, gpu and dead-letter queues. */
export function queueRoutes(queues: JobQueues): Router {
  const router = Router();
  router.get("/", requireScope("admin"), async (_req, res) => {
    const data = await Promise.all(
      queues.all().map(async (queue) => {
        const [counts, paused] = await Promise.all([
          queue.getJobCounts("waiting", "prioritized", "active", "delayed", "completed", "failed"),
          queue.isPaused(),
        ]);
        return {
          name: queue.name,
          // Jobline prioritises every entry, so BullMQ's "prioritized" is what a reader means by waiting.
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          paused,
        };
      }),
    );
    res.json({ data });
  });
  return router;
}

import type { Pool } from "@jobline/db";
import type { Redis } from "ioredis";
import { Router } from "express";
import { sendProblem } from "../problem-handler";
import { dependencyRetryAfterSeconds, problem } from "../problem-of";
import type { Readiness } from "../service-resources";

const checkTimeoutMs = 2000;

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), checkTimeoutMs);
  });
  try {
    return await Promise.race([
      check().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the process runs. `/readyz`: Postgres and Redis answer, or which one does not. */
export function healthRoutes(deps: { pool: Pool; redis: Redis }): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const [postgres, redis] = await Promise.all([answers(() => deps.pool.query("SELECT 1")), answers(() => deps.redis.ping())]);
    const checks = { postgres: postgres ? "ok" : "down", redis: redis ? "ok" : "down" };
    if (postgres && redis) {
      const ready: Readiness = { status: "ready", checks: { postgres: "ok", redis: "ok" } };
      res.json(ready);
      return;
    }
    const down = Object.entries(checks).flatMap(([name, state]) => (state === "down" ? [name] : []));
    sendProblem(
      res,
      problem(
        "dependency-unavailable",
        `not answering: ${down.join(", ")}`,
        { checks },
        { "Retry-After": String(dependencyRetryAfterSeconds) },
      ),
    );
  });
  return router;
}

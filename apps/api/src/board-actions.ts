/**
 * What the dashboard's buttons do. Bull Board acts on queue entries, but the row is the truth: an action that only
 * moved an entry would leave the board and `GET /v1/jobs/{id}` disagreeing (and the reconciler would undo it). So
 * these routes answer Bull Board's action calls before the board sees them: a retry is a re-drive, a removal is a
 * cancellation by the operator, a promote starts a scheduled job now, pause and resume act on the queue; each is
 * recorded in the audit log. Every other action is switched off, and so is any write the board may add later.
 */
import { recordAudit, type AuditActor, type JobDoor, type Pool, type PrismaClient } from "@jobline/db";
import type { WorkQueueName } from "@jobline/contract";
import { withinLimit, type JobQueues, type RetentionOptions } from "@jobline/queues";
import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import type { Redis } from "ioredis";
import type { OwnerScope } from "./auth/principal";
import { DashboardActionOffError, HttpError, ConflictError, DependencyUnavailableError, NotFoundError } from "./http/errors";
import { fromHttpError, sendProblem } from "./http/problem-handler";
import { cancel } from "./jobs/cancel";
import { findJob } from "./jobs/job-store";
import { redrive } from "./jobs/redrive";

export interface BoardActionDeps {
  prisma: PrismaClient;
  pool: Pool;
  door: JobDoor;
  redis: Redis;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions };
}

/** The operator reaches every owner's jobs, like an admin token. */
const everyOwner: OwnerScope = { kind: "all" };

/** Set by the dashboard's Basic authentication: the operator's user name. */
export function operatorOf(res: Response): string {
  return String(res.locals.operator);
}

function actorOf(res: Response): AuditActor {
  return { label: `dashboard (${operatorOf(res)})` };
}

/** Switched-off actions, each with the reason the operator is shown and the Jobline way to get the same done. */
const switchedOff: ReadonlyArray<{ method: "post" | "put" | "patch"; path: string; reason: string }> = [
  { method: "post", path: "/api/queues/:queueName/add", reason: "an entry is only a pointer to a job's row: submit jobs with POST /v1/jobs (this is also the board's Duplicate)" },
  { method: "patch", path: "/api/queues/:queueName/:jobId/update-data", reason: "the worker runs the payload in the job's row: re-drive the job with a corrected payload through the API" },
  { method: "patch", path: "/api/queues/:queueName/:jobId/delay", reason: "a job's runAt is set when it is submitted; Promote starts a scheduled job now" },
  { method: "patch", path: "/api/queues/:queueName/:jobId/priority", reason: "a job's priority is set when it is submitted" },
  { method: "put", path: "/api/queues/:queueName/retry/:queueStatus", reason: "retry jobs one at a time here, or re-drive in bulk through the API" },
  { method: "put", path: "/api/queues/:queueName/clean/:queueStatus", reason: "removing entries in bulk would bypass their rows; cancel jobs one at a time here or through the API" },
  { method: "put", path: "/api/queues/:queueName/promote", reason: "promote scheduled jobs one at a time" },
  { method: "put", path: "/api/queues/:queueName/empty", reason: "emptying a queue would bypass its rows; cancel jobs through the API" },
  { method: "put", path: "/api/queues/:queueName/obliterate", reason: "the queues belong to the deployment; their rows would be left without entries" },
  { method: "put", path: "/api/queues/:queueName/concurrency", reason: "a worker's concurrency is its configuration (WORKER_QUEUES)" },
  { method: "put", path: "/api/queues/:queueName/rate-limit", reason: "Jobline sets no queue rate limits" },
  { method: "put", path: "/api/queues/:queueName/rate-limit/release", reason: "Jobline sets no queue rate limits" },
];

export function boardActions(deps: BoardActionDeps): express.Router {
  const router = express.Router();
  router.use(express.json());

  const knownQueue = (req: Request): void => {
    if (!deps.queues.all().some((queue) => queue.name === req.params.queueName)) throw new NotFoundError(`no queue ${String(req.params.queueName)}`);
  };

  // Retry, on a work queue's failed entry or on a dead letter alike: the job's re-drive.
  router.put("/api/queues/:queueName/:jobId/retry", async (req, res) => {
    knownQueue(req);
    const row = await redrive(deps, everyOwner, String(req.params.jobId));
    await recordAudit(deps.prisma, { actor: actorOf(res), action: "dashboard.retry", target: row.id, detail: { queue: String(req.params.queueName), type: row.type } });
    res.status(204).end();
  });

  // Remove: the job is cancelled (a running one is told to stop, as the API's cancel does).
  router.put("/api/queues/:queueName/:jobId/clean", async (req, res) => {
    knownQueue(req);
    const row = await cancel(deps, everyOwner, String(req.params.jobId), `cancelled from the dashboard by ${operatorOf(res)}`);
    await recordAudit(deps.prisma, { actor: actorOf(res), action: "dashboard.remove", target: row.id, detail: { queue: String(req.params.queueName), type: row.type } });
    res.status(204).end();
  });

  // Promote: a scheduled job runs now (its runAt cleared); a retrying one skips the rest of its backoff.
  router.put("/api/queues/:queueName/:jobId/promote", async (req, res) => {
    knownQueue(req);
    const id = String(req.params.jobId);
    const moved = await deps.door.transition({ jobId: id }, { to: "scheduled", runAt: null });
    const row = moved ?? (await findJob(deps.pool, everyOwner, id));
    if (!row) throw new NotFoundError(`no job ${id}`);
    if (!moved && row.status !== "retrying") throw new ConflictError(`a ${row.status} job has no wait to cut short; only scheduled or retrying ones can be promoted`);
    try {
      await withinLimit(promoteEntry(deps.queues, row), deps.config.enqueueTimeoutMs);
    } catch (error) {
      // A scheduled row whose entry is still delayed: the reconciler leaves it, and it runs at its old time.
      throw new DependencyUnavailableError("redis is unavailable: the job's entry could not be promoted", { cause: error });
    }
    await recordAudit(deps.prisma, { actor: actorOf(res), action: "dashboard.promote", target: row.id, detail: { queue: String(req.params.queueName), type: row.type } });
    res.status(204).end();
  });

  // Pause and resume touch no row: a paused queue's jobs stay queued, which is what the API says of them.
  for (const verb of ["pause", "resume"] as const) {
    router.put(`/api/queues/${verb}`, async (_req, res) => {
      await Promise.all(deps.queues.all().map((queue) => queue[verb]()));
      await recordAudit(deps.prisma, { actor: actorOf(res), action: `dashboard.${verb}`, target: "all queues" });
      res.status(204).end();
    });
    router.put(`/api/queues/:queueName/${verb}`, async (req, res) => {
      knownQueue(req);
      await deps.queues.all().find((queue) => queue.name === req.params.queueName)![verb]();
      await recordAudit(deps.prisma, { actor: actorOf(res), action: `dashboard.${verb}`, target: String(req.params.queueName) });
      res.status(204).end();
    });
  }

  for (const action of switchedOff) {
    router[action.method](action.path, () => {
      throw new DashboardActionOffError(action.reason);
    });
  }
  // Deny by default: reads pass to the board; any write this module does not carry is switched off.
  router.use("/api", (req, _res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    next(new DashboardActionOffError(`${req.method} ${req.path} is not an action Jobline carries into its jobs`));
  });
  router.use(boardProblem);
  return router;
}

async function promoteEntry(queues: JobQueues, row: { id: string; queue: string }): Promise<void> {
  const entry = await queues.work[row.queue as WorkQueueName].getJob(row.id);
  // No entry (Redis lost it): the reconciler enqueues the row again, now without a runAt, so it runs at once.
  if (entry && (await entry.isDelayed())) await entry.promote();
}

/**
 * A problem document, as everywhere, with the two members Bull Board's page reads to show the operator a notice
 * (`error` as its title, `message` as its text); without them a refused action would fail silently.
 */
const boardProblem: ErrorRequestHandler = (error, _req, res, next) => {
  if (!(error instanceof HttpError)) return next(error);
  if (error instanceof DashboardActionOffError) res.setHeader("Allow", "");
  sendProblem(res, { ...fromHttpError(error), error: error.title, message: error.message });
};

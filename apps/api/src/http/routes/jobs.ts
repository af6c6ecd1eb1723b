/** `/v1/jobs`: submit one or a batch, read, list, cancel, re-drive and promote; each an operation of the engine. */
import { toJobResource, type JobDoor, type Pool, type PrismaClient } from "@jobline/db";
import { ListJobsQuerySchema, SubmitBatchBodySchema, type JobCatalogue } from "@jobline/contract";
import {
  cancelJob,
  findJob,
  listJobs,
  NotFoundError,
  promoteJob,
  redriveJob,
  requestHash,
  submitJobs,
  type SubmitRequest,
  type SubmitWriter,
  type UnfinishedJobsCap,
} from "@jobline/engine";
import type { JobQueues, RetentionOptions } from "@jobline/queues";
import { Router, type Request, type Response } from "express";
import type { Redis } from "ioredis";
import { effectiveLimits, type EdgeLimits } from "../../limits/edge-limits";
import { actorOf, principalOf, requireScope, scopeOfCaller } from "../auth";
import { idempotencyKeyOf } from "../idempotency-header";
import { applyRateDecision, rateDeferred, settleDeferredRate } from "../rate-limit";
import { requestIdOf } from "../request-id";
import { parsed } from "../request-shape";
import { requireJson } from "../require-json";
import { replacementOf } from "../retry-body";

export interface JobRoutesDeps {
  /** For the audit log. */
  prisma: PrismaClient;
  pool: Pool;
  door: JobDoor;
  writeSubmission: SubmitWriter;
  redis: Redis;
  queues: JobQueues;
  catalogue: JobCatalogue;
  /** The cap on unfinished jobs is checked at submit, with the request rate. */
  limits: EdgeLimits;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions; webhookAllowPrivateNetworks: boolean };
}

export function jobRoutes(deps: JobRoutesDeps): Router {
  const router = Router();

  /** The cap as this request's submission reserves under it: with the request's rate, in one round trip, when deferred. */
  const capFor = (res: Response): UnfinishedJobsCap => ({
    reserve(ownerId, maxUnfinishedJobs, jobs) {
      if (!rateDeferred(res)) return deps.limits.cap.reserve(ownerId, maxUnfinishedJobs, jobs);
      settleDeferredRate(res);
      const { rateLimitPerMinute } = effectiveLimits(deps.limits.defaults, principalOf(res).limits);
      return deps.limits.admission.admit({ ownerId, rateLimitPerMinute, maxUnfinishedJobs, jobs }, (decision) =>
        applyRateDecision(res, decision),
      );
    },
  });
  const submitDeps = (res: Response) => ({ ...deps, cap: capFor(res) });

  /** The submission `route` carries: the caller's owner and cap, the jobs, and the Idempotency-Key with the body's hash. */
  const submission = (
    req: Request,
    res: Response,
    key: string | undefined,
    jobs: readonly unknown[],
    route: string,
    pathOf: SubmitRequest["pathOf"],
  ): SubmitRequest => {
    const principal = principalOf(res);
    return {
      owner: { id: principal.ownerId, maxUnfinishedJobs: effectiveLimits(deps.limits.defaults, principal.limits).maxUnfinishedJobs },
      jobs,
      pathOf,
      idempotency: key === undefined ? undefined : { key, requestHash: requestHash(route, req.body) },
      requestId: requestIdOf(res),
    };
  };

  router.post("/", requireScope("jobs:write"), requireJson, async (req, res) => {
    const key = idempotencyKeyOf(req);
    const { rows, replayed } = await submitJobs(
      submitDeps(res),
      submission(req, res, key, [req.body], "POST /v1/jobs", () => []),
    );
    res
      .status(replayed ? 200 : 202)
      .location(`/v1/jobs/${rows[0]!.id}`)
      .json(toJobResource(rows[0]!));
  });

  router.post("/batch", requireScope("jobs:write"), requireJson, async (req, res) => {
    const key = idempotencyKeyOf(req);
    const body = parsed(SubmitBatchBodySchema, req.body);
    // One key covers the whole batch: a repeat answers with every job of the first batch, in its order.
    const { rows, replayed } = await submitJobs(
      submitDeps(res),
      submission(req, res, key, body.jobs, "POST /v1/jobs/batch", (index) => ["jobs", index]),
    );
    res.status(replayed ? 200 : 202).json({ data: rows.map(toJobResource) });
  });

  router.get("/", requireScope("jobs:read"), async (req, res) => {
    const page = await listJobs(deps.pool, scopeOfCaller(res), parsed(ListJobsQuerySchema, req.query));
    res.json({ data: page.rows.map(toJobResource), nextCursor: page.nextCursor });
  });

  router.get("/:id", requireScope("jobs:read"), async (req, res) => {
    const row = await findJob(deps.pool, scopeOfCaller(res), String(req.params.id));
    if (!row) throw new NotFoundError(`no job ${req.params.id}`);
    res.json(toJobResource(row));
  });

  router.post("/:id/retry", requireScope("jobs:write"), async (req, res) => {
    const row = await redriveJob(deps, actorOf(res), String(req.params.id), replacementOf(req));
    res.status(202).location(`/v1/jobs/${row.id}`).json(toJobResource(row));
  });

  router.post("/:id/cancel", requireScope("jobs:write"), async (req, res) => {
    res.json(toJobResource(await cancelJob(deps, actorOf(res), String(req.params.id))));
  });

  router.post("/:id/promote", requireScope("jobs:write"), async (req, res) => {
    res.json(toJobResource(await promoteJob(deps, actorOf(res), String(req.params.id))));
  });

  return router;
}

import { recordAudit, toJobResource, type JobDoor, type Pool, type PrismaClient } from "@jobline/db";
import { checkSubmission, ListJobsQuerySchema, SubmitBatchBodySchema, toIssues, type JobCatalogue, type ValidatedSubmission } from "@jobline/contract";
import type { JobQueues, RetentionOptions } from "@jobline/queues";
import { Router } from "express";
import type { Redis } from "ioredis";
import { auditActorOf } from "../../auth/audit-actor";
import { hasScope, ownerScopeOf } from "../../auth/principal";
import { checkCallbackUrls } from "../../jobs/callback-urls";
import { cancel } from "../../jobs/cancel";
import { requestHash } from "../../jobs/idempotency";
import { findJob, listJobs } from "../../jobs/job-store";
import { redrive } from "../../jobs/redrive";
import { replacementPayload } from "../../jobs/replacement-payload";
import { submitJobs } from "../../jobs/submit-jobs";
import { admitWithinCap } from "../../limits/admit-within-cap";
import type { EdgeLimits } from "../../limits/edge-limits";
import type { SubmitWriter } from "../../jobs/submit-writer";
import { principalOf, requireScope } from "../auth";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../errors";
import { idempotencyKeyOf } from "../idempotency-header";
import { requestIdOf } from "../request-id";
import { requireJson } from "../require-json";

export interface JobRoutesDeps {
  /** For the audit log. */
  prisma: PrismaClient;
  pool: Pool;
  door: JobDoor;
  writeSubmission: SubmitWriter;
  redis: Redis;
  queues: JobQueues;
  catalogue: JobCatalogue;
  /** The cap on unfinished jobs is checked at submit. */
  limits: EdgeLimits;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions; webhookAllowPrivateNetworks: boolean };
}

/** Checks every job of a request before any is recorded: one bad item rejects them all. */
function validateAll(catalogue: JobCatalogue, bodies: unknown[], prefix: (index: number) => (string | number)[]): ValidatedSubmission[] {
  const checks = bodies.map((body, index) => checkSubmission(catalogue, body, prefix(index)));
  const failed = checks.flatMap((check) => (check.ok ? [] : [check]));
  if (failed.some((check) => check.payloadTooLarge)) {
    throw new PayloadTooLargeError(failed.flatMap((check) => check.issues.map((i) => `${i.path}: ${i.message}`)).join("; "));
  }
  if (failed.length > 0) throw new ValidationError(failed.flatMap((check) => check.issues));
  return checks.flatMap((check) => (check.ok ? [check.submission] : []));
}

export function jobRoutes(deps: JobRoutesDeps): Router {
  const router = Router();

  router.post("/", requireScope("jobs:write"), requireJson, async (req, res) => {
    const key = idempotencyKeyOf(req);
    const [submission] = validateAll(deps.catalogue, [req.body], () => []);
    await checkCallbackUrls([submission!], () => [], { allowPrivateNetworks: deps.config.webhookAllowPrivateNetworks });
    const idempotency = key === undefined ? undefined : { key, requestHash: requestHash("POST /v1/jobs", req.body) };
    const principal = principalOf(res);
    const { rows, replayed } = await admitWithinCap(deps.limits, principal, 1, () => submitJobs(deps, { principal, requestId: requestIdOf(res) }, [submission!], idempotency));
    res.status(replayed ? 200 : 202).location(`/v1/jobs/${rows[0]!.id}`).json(toJobResource(rows[0]!));
  });

  router.post("/batch", requireScope("jobs:write"), requireJson, async (req, res) => {
    const key = idempotencyKeyOf(req);
    const body = SubmitBatchBodySchema.safeParse(req.body);
    if (!body.success) throw new ValidationError(toIssues(body.error));
    const submissions = validateAll(deps.catalogue, body.data.jobs, (index) => ["jobs", index]);
    await checkCallbackUrls(submissions, (index) => ["jobs", index], { allowPrivateNetworks: deps.config.webhookAllowPrivateNetworks });
    // One key covers the whole batch: a repeat answers with every job of the first batch, in its order.
    const idempotency = key === undefined ? undefined : { key, requestHash: requestHash("POST /v1/jobs/batch", req.body) };
    const principal = principalOf(res);
    const { rows, replayed } = await admitWithinCap(deps.limits, principal, submissions.length, () =>
      submitJobs(deps, { principal, requestId: requestIdOf(res) }, submissions, idempotency),
    );
    res.status(replayed ? 200 : 202).json({ data: rows.map(toJobResource) });
  });

  router.get("/", requireScope("jobs:read"), async (req, res) => {
    const query = ListJobsQuerySchema.safeParse(req.query);
    if (!query.success) throw new ValidationError(toIssues(query.error));
    const page = await listJobs(deps.pool, ownerScopeOf(principalOf(res)), query.data);
    res.json({ data: page.rows.map(toJobResource), nextCursor: page.nextCursor });
  });

  router.get("/:id", requireScope("jobs:read"), async (req, res) => {
    const row = await findJob(deps.pool, ownerScopeOf(principalOf(res)), String(req.params.id));
    if (!row) throw new NotFoundError(`no job ${req.params.id}`);
    res.json(toJobResource(row));
  });

  router.post("/:id/retry", requireScope("jobs:write"), async (req, res) => {
    const principal = principalOf(res);
    const scope = ownerScopeOf(principal);
    const payload = await replacementPayload(deps, scope, String(req.params.id), req);
    const row = await redrive(deps, scope, String(req.params.id), payload);
    const detail = payload === undefined ? { type: row.type } : { type: row.type, payloadReplaced: true };
    await recordAudit(deps.prisma, { actor: auditActorOf(principal), action: "job.redrive", target: row.id, detail });
    res.status(202).location(`/v1/jobs/${row.id}`).json(toJobResource(row));
  });

  router.post("/:id/cancel", requireScope("jobs:write"), async (req, res) => {
    const principal = principalOf(res);
    const row = await cancel(deps, ownerScopeOf(principal), String(req.params.id), `cancelled through the API (key ${principal.apiKeyId})`);
    // An owner cancelling its own job is using the API; an admin reaching into any owner's jobs is an operator action.
    if (hasScope(principal, "admin")) {
      await recordAudit(deps.prisma, { actor: auditActorOf(principal), action: "job.cancel", target: row.id, detail: { ownerId: row.ownerId, type: row.type } });
    }
    res.json(toJobResource(row));
  });

  return router;
}

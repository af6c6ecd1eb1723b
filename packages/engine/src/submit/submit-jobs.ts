/**
 * A submission, of one job or a batch, in the one order that keeps its promises: every job is checked before anything
 * is recorded (one bad job refuses them all), then their callback URLs' hosts, then room under the owner's cap on
 * unfinished jobs is reserved, then the rows and their queue entries are written (group commit, submit-writer.ts); the
 * room goes back when the write fails or replays an earlier request (an Idempotency-Key), which creates nothing.
 */
import { newJobRecord, type JobRow, type NewJob, type Pool } from "@jobline/db";
import { checkSubmission, type CheckFailure, type JobCatalogue, type ValidatedSubmission } from "@jobline/contract";
import { invalidInputOf } from "../validation/invalid-input-of";
import { checkCallbackUrls } from "./callback-urls";
import { replayOf, type IdempotentRequest } from "./idempotency";
import { reserveWithinCap } from "./reserve-within-cap";
import type { SubmitWriter } from "./submit-writer";
import type { UnfinishedJobsCap } from "./unfinished-jobs-cap";

export interface SubmitDeps {
  pool: Pool;
  catalogue: JobCatalogue;
  writeSubmission: SubmitWriter;
  cap: UnfinishedJobsCap;
  config: { enqueueTimeoutMs: number; webhookAllowPrivateNetworks: boolean };
}

export interface SubmitRequest {
  /** Whose jobs these are, and how many unfinished ones it may have. */
  owner: { id: string; maxUnfinishedJobs: number };
  /** The jobs as the client sent them, checked here. */
  jobs: readonly unknown[];
  /** Where job `index` sits in the request, for the paths of its issues: `[]` alone, `["jobs", index]` in a batch. */
  pathOf(index: number): (string | number)[];
  idempotency?: IdempotentRequest;
  /** The request's X-Request-Id: the rows keep it for the worker's log lines. */
  requestId: string | null;
}

export interface Submitted {
  /** In the order the client sent them. */
  rows: JobRow[];
  /** True when an Idempotency-Key matched an earlier request: these are its jobs, as they are now. */
  replayed: boolean;
}

function checkedAll(catalogue: JobCatalogue, jobs: readonly unknown[], pathOf: SubmitRequest["pathOf"]): ValidatedSubmission[] {
  const checks = jobs.map((job, index) => checkSubmission(catalogue, job, pathOf(index)));
  const failed = checks.filter((check): check is CheckFailure => !check.ok);
  if (failed.length > 0) throw invalidInputOf(failed);
  return checks.flatMap((check) => (check.ok ? [check.submission] : []));
}

function recordOf(submission: ValidatedSubmission, request: SubmitRequest, now: Date): NewJob {
  const runAt = submission.runAt ? new Date(submission.runAt) : submission.delayMs ? new Date(now.getTime() + submission.delayMs) : null;
  return newJobRecord(
    {
      ownerId: request.owner.id,
      type: submission.type,
      definition: submission.definition,
      payload: submission.payload,
      priority: submission.priority,
      maxAttempts: submission.maxAttempts,
      timeoutMs: submission.timeoutMs,
      runAt,
      callbackUrl: submission.callbackUrl,
      idempotencyKey: request.idempotency?.key,
      metadata: submission.metadata,
      requestId: request.requestId,
    },
    now,
  );
}

async function written(deps: SubmitDeps, request: SubmitRequest, submissions: readonly ValidatedSubmission[]): Promise<Submitted> {
  const now = new Date();
  const { idempotency, owner } = request;
  const jobs = submissions.map((submission) => recordOf(submission, request, now));
  const claim = idempotency ? { ownerId: owner.id, key: idempotency.key, requestHash: idempotency.requestHash } : undefined;
  const outcome = await deps.writeSubmission({ jobs, claim });
  if (outcome.kind === "refused") return { rows: await replayOf(deps, owner.id, idempotency!), replayed: true };
  return { rows: outcome.rows, replayed: false };
}

export async function submitJobs(deps: SubmitDeps, request: SubmitRequest): Promise<Submitted> {
  const submissions = checkedAll(deps.catalogue, request.jobs, request.pathOf);
  await checkCallbackUrls(submissions, request.pathOf, { allowPrivateNetworks: deps.config.webhookAllowPrivateNetworks });
  return reserveWithinCap(deps.cap, request.owner, submissions.length, () => written(deps, request, submissions));
}

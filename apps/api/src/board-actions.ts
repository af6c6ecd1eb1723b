/**
 * What the dashboard's buttons do. Bull Board acts on queue entries, but the row is the truth: an action that only
 * moved an entry would leave the board and `GET /v1/jobs/{id}` disagreeing (and the reconciler would undo it). So
 * these routes answer Bull Board's action calls before the board sees them, each with the engine's operation, as the
 * operator in the queue it was taken in: a retry is a re-drive, a removal is a cancellation, a promote cuts a job's
 * wait short, pause and resume act on the queues; the engine records each in the audit log. Every other action is
 * switched off, and so is any write the board may add later.
 */
import {
  cancelJob,
  NotFoundError,
  promoteJob,
  redriveJob,
  setQueuesPaused,
  type CancelDeps,
  type DashboardActor,
  type PromoteDeps,
  type RedriveDeps,
} from "@jobline/engine";
import express, { type ErrorRequestHandler, type Request, type Response } from "express";
import { DashboardActionOffError } from "./http/errors";
import { sendProblem } from "./http/problem-handler";
import { problemOf } from "./http/problem-of";

export type BoardActionDeps = CancelDeps & PromoteDeps & RedriveDeps;

/** Set by the dashboard's Basic authentication: the operator's user name. */
export function operatorOf(res: Response): string {
  return String(res.locals.operator);
}

/** Switched-off actions, each with the reason the operator is shown and the Jobline way to get the same done. */
const switchedOff: ReadonlyArray<{ method: "post" | "put" | "patch"; path: string; reason: string }> = [
  {
    method: "post",
    path: "/api/queues/:queueName/add",
    reason: "an entry is only a pointer to a job's row: submit jobs with POST /v1/jobs (this is also the board's Duplicate)",
  },
  {
    method: "patch",
    path: "/api/queues/:queueName/:jobId/update-data",
    reason: "the worker runs the payload in the job's row: re-drive the job with a corrected payload through the API",
  },
  {
    method: "patch",
    path: "/api/queues/:queueName/:jobId/delay",
    reason: "a job's runAt is set when it is submitted; Promote starts a scheduled job now",
  },
  { method: "patch", path: "/api/queues/:queueName/:jobId/priority", reason: "a job's priority is set when it is submitted" },
  {
    method: "put",
    path: "/api/queues/:queueName/retry/:queueStatus",
    reason: "retry jobs one at a time here, or re-drive in bulk through the API",
  },
  {
    method: "put",
    path: "/api/queues/:queueName/clean/:queueStatus",
    reason: "removing entries in bulk would bypass their rows; cancel jobs one at a time here or through the API",
  },
  { method: "put", path: "/api/queues/:queueName/promote", reason: "promote scheduled jobs one at a time" },
  { method: "put", path: "/api/queues/:queueName/empty", reason: "emptying a queue would bypass its rows; cancel jobs through the API" },
  {
    method: "put",
    path: "/api/queues/:queueName/obliterate",
    reason: "the queues belong to the deployment; their rows would be left without entries",
  },
  { method: "put", path: "/api/queues/:queueName/concurrency", reason: "a worker's concurrency is its configuration (WORKER_QUEUES)" },
  { method: "put", path: "/api/queues/:queueName/rate-limit", reason: "Jobline sets no queue rate limits" },
  { method: "put", path: "/api/queues/:queueName/rate-limit/release", reason: "Jobline sets no queue rate limits" },
];

export function boardActions(deps: BoardActionDeps): express.Router {
  const router = express.Router();
  router.use(express.json());

  /** The operator, in the queue the action names (which must be one of the board's). */
  const operatorIn = (req: Request, res: Response): DashboardActor => {
    const queue = String(req.params.queueName);
    if (!deps.queues.all().some((candidate) => candidate.name === queue)) throw new NotFoundError(`no queue ${queue}`);
    return { kind: "dashboard", operator: operatorOf(res), queue };
  };

  // Retry, on a work queue's failed entry or on a dead letter alike: the job's re-drive.
  router.put("/api/queues/:queueName/:jobId/retry", async (req, res) => {
    await redriveJob(deps, operatorIn(req, res), String(req.params.jobId));
    res.status(204).end();
  });

  // Remove: the job is cancelled (a running one is told to stop, as the API's cancel does).
  router.put("/api/queues/:queueName/:jobId/clean", async (req, res) => {
    await cancelJob(deps, operatorIn(req, res), String(req.params.jobId));
    res.status(204).end();
  });

  router.put("/api/queues/:queueName/:jobId/promote", async (req, res) => {
    await promoteJob(deps, operatorIn(req, res), String(req.params.jobId));
    res.status(204).end();
  });

  for (const [verb, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    router.put(`/api/queues/${verb}`, async (_req, res) => {
      await setQueuesPaused(deps, { kind: "dashboard", operator: operatorOf(res) }, paused);
      res.status(204).end();
    });
    router.put(`/api/queues/:queueName/${verb}`, async (req, res) => {
      await setQueuesPaused(deps, operatorIn(req, res), paused);
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

/** Why, as a sentence under the notice's title (the errors' messages start in lower case and end without a stop). */
function asSentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * A problem document, as everywhere, with the two members Bull Board's page reads to show the operator a notice
 * (`error` as its title, `message` as its text); without them a refused action would fail silently.
 */
const boardProblem: ErrorRequestHandler = (error, _req, res, next) => {
  const answer = problemOf(error);
  if (!answer) return next(error);
  const message = asSentence((error as Error).message);
  sendProblem(res, { ...answer, document: { ...answer.document, error: answer.document.title, message } });
};

import type { JobDoor, Pool, PrismaClient } from "@jobline/db";
import type { JobCatalogue } from "@jobline/contract";
import { createSubmitWriter } from "@jobline/engine";
import type { JobQueues } from "@jobline/queues";
import express from "express";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { TokenVerifier } from "./auth/token-verifier";
import { boardPath, dashboard } from "./board";
import type { ApiConfig } from "./config";
import type { EventHub } from "./events/event-hub";
import type { OpenStreams } from "./events/open-streams";
import { answerOptions, methodNotAllowed } from "./http/allowed-methods";
import { authenticate } from "./http/auth";
import { auditRoutes } from "./http/routes/audit";
import { deadLetterRoutes } from "./http/routes/dead-letters";
import { ownerRoutes } from "./http/routes/owners";
import { tokenRoutes } from "./http/routes/tokens";
import { limitBodyDepth } from "./http/body-depth";
import { requireUtf8 } from "./http/json-charset";
import { limitRequestRate, takeDeferredRate } from "./http/rate-limit";
import type { AuthFailures } from "./limits/auth-failures";
import type { EdgeLimits } from "./limits/edge-limits";
import { recordMountPath, type ApiMetrics } from "./http/metrics";
import { notFoundHandler, problemHandler } from "./http/problem-handler";
import { assignRequestId } from "./http/request-id";
import { requestLog } from "./http/request-log";
import { eventRoutes } from "./http/routes/events";
import { healthRoutes } from "./http/routes/health";
import { jobTypeRoutes } from "./http/routes/job-types";
import { jobDeliveryRoutes } from "./http/routes/job-deliveries";
import { jobRoutes } from "./http/routes/jobs";
import { openApiRoutes } from "./http/routes/openapi";
import { queueRoutes } from "./http/routes/queues";
import { scheduleRoutes } from "./http/routes/schedules";
import { webhookSecretRoutes } from "./http/routes/webhook-secret";
import { securityHeaders } from "./http/security-headers";

export interface AppDeps {
  config: Pick<
    ApiConfig,
    "board" | "bodyLimitBytes" | "enqueueTimeoutMs" | "retention" | "events" | "webhookAllowPrivateNetworks" | "trustProxy"
  >;
  prisma: PrismaClient;
  /** The pool Prisma also uses, for the hot reads. */
  pool: Pool;
  /** Every write of a job goes through it. */
  door: JobDoor;
  redis: Redis;
  queues: JobQueues;
  catalogue: JobCatalogue;
  verifier: TokenVerifier;
  logger: Logger;
  metrics: ApiMetrics;
  /** Live events from every process, through Redis; one subscriber connection per process. */
  hub: EventHub;
  /** Event streams open now; shutdown ends them. */
  openStreams: OpenStreams;
  /** Per-owner request rate and cap on unfinished jobs, shared through Redis. */
  limits: EdgeLimits;
  /** Failed authentications per client address and dashboard user, shared through Redis. */
  authFailures: AuthFailures;
}

/** The HTTP application, with no module state: everything it uses comes in through `deps`. */
export function createApp(deps: AppDeps): express.Express {
  const app: express.Express = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.set("trust proxy", deps.config.trustProxy);
  app.use(assignRequestId, requestLog(deps.logger));
  app.use(securityHeaders);
  app.use(answerOptions(app));

  app.use(deps.metrics.middleware);
  app.use(healthRoutes(deps));
  app.get("/metrics", async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  app.use(openApiRoutes(deps.catalogue));
  if (deps.config.board) app.use(boardPath, recordMountPath, ...dashboard(deps, deps.config.board));

  const v1 = express.Router();
  v1.use(authenticate(deps.verifier, deps.authFailures), limitRequestRate(deps.limits));
  // Parse any declared JSON-ish type so `requireJson` can give a clear 415 for the rest.
  // Not strict: a body of valid JSON that is not an object (`"x"`, `123`) then reaches validation and gets a 422 that
  // says what was expected, instead of a 400 calling it invalid JSON.
  v1.use(
    requireUtf8,
    express.json({ limit: deps.config.bodyLimitBytes, type: ["application/json", "application/*+json"], strict: false }),
    limitBodyDepth,
  );
  v1.use(recordMountPath, eventRoutes(deps));
  v1.use("/jobs", recordMountPath, jobRoutes({ ...deps, writeSubmission: createSubmitWriter(deps) }));
  v1.use("/jobs", recordMountPath, jobDeliveryRoutes(deps));
  v1.use("/webhook-secret", recordMountPath, webhookSecretRoutes(deps));
  v1.use("/job-types", recordMountPath, jobTypeRoutes(deps.catalogue));
  v1.use("/queues", recordMountPath, queueRoutes(deps.queues));
  v1.use("/schedules", recordMountPath, scheduleRoutes(deps));
  v1.use("/audit", recordMountPath, auditRoutes(deps));
  v1.use("/dead-letters", recordMountPath, deadLetterRoutes(deps));
  v1.use("/tokens", recordMountPath, tokenRoutes(deps));
  v1.use("/owners", recordMountPath, ownerRoutes(deps));
  v1.use(takeDeferredRate(deps.limits));
  app.use("/v1", v1);

  app.use(methodNotAllowed(app));
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}

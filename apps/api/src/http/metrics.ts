import type { JobChangeListener } from "@jobline/db";
import type { Request, RequestHandler, Response } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The API's Prometheus metrics. One registry per app, so tests (and several apps in one process) never share counters. */
export interface ApiMetrics {
  registry: Registry;
  /** Times every request, labelled by route pattern (not raw path: ids would explode the series). */
  middleware: RequestHandler;
  jobsSubmitted: Counter<"type">;
  /** Event streams open now (they are left out of the request durations). */
  openEventStreams: Gauge;
  /** The door's listener: counts the jobs it created. */
  recordChanges: JobChangeListener;
}

/**
 * Remembers where a router is mounted: by the time a response finishes, Express has already reset
 * `req.baseUrl`, and the route's own path (`/:id`) alone is ambiguous.
 */
export const recordMountPath: RequestHandler = (req, res, next) => {
  res.locals.mountPath = req.baseUrl;
  next();
};

/** The route pattern a request matched (`/v1/jobs/:id`), for metrics and the request log: never the raw path. */
export function routeLabel(req: Request, res: Response): string {
  if (!req.route) return "unmatched";
  const mount = String(res.locals.mountPath ?? "");
  const path = req.route.path as unknown;
  // A route declared with several paths (the dashboard's) is labelled by where it is mounted.
  if (typeof path !== "string") return `${mount}/*`;
  return path === "/" && mount !== "" ? mount : `${mount}${path}`;
}

export function createApiMetrics(options: { processMetrics: boolean }): ApiMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "jobline_api_" });
  const duration = new Histogram({
    name: "jobline_api_http_request_duration_seconds",
    help: "HTTP requests by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const jobsSubmitted = new Counter({
    name: "jobline_api_jobs_submitted_total",
    help: "Jobs accepted (202), by type.",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const openEventStreams = new Gauge({
    name: "jobline_api_event_streams_open",
    help: "Event streams (text/event-stream) open now.",
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.on("finish", () => {
      if (res.locals.eventStream) return;
      stop({ method: req.method, route: routeLabel(req, res), status: String(res.statusCode) });
    });
    next();
  };
  const recordChanges: JobChangeListener = (changes) => {
    for (const change of changes) if (change.event === "created") jobsSubmitted.inc({ type: change.type });
  };
  return { registry, middleware, jobsSubmitted, openEventStreams, recordChanges };
}

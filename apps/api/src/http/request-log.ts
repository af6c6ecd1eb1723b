import type { RequestHandler } from "express";
import type { Logger } from "pino";
import type { Principal } from "../auth/principal";
import { routeLabel } from "./metrics";
import { requestIdOf } from "./request-id";

/**
 * Marks a request for a page's static file (a script, a style sheet, an image of Swagger UI or the dashboard): its
 * line is written at debug, so that opening a page does not bury the API's requests at info.
 */
export const staticAsset: RequestHandler = (_req, res, next) => {
  res.locals.staticAsset = true;
  next();
};

/**
 * One line per request once its answer is done (or its connection dropped): what an operator greps by request id,
 * route or owner; at info, a static file's at debug. Headers are left out (the Authorization header is a secret);
 * the body, which may carry a client's data, only at debug.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("close", () => {
      const principal = res.locals.principal as Principal | undefined;
      const line: Record<string, unknown> = {
        requestId: requestIdOf(res),
        method: req.method,
        route: routeLabel(req, res),
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        ownerId: principal?.ownerId ?? null,
      };
      if (!res.writableFinished) line.aborted = true;
      if (req.body !== undefined && logger.isLevelEnabled("debug")) line.body = req.body;
      logger[res.locals.staticAsset === true ? "debug" : "info"](line, "request");
    });
    next();
  };
}

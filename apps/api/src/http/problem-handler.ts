import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { failedDependency } from "./dependency-failure";
import { DependencyUnavailableError, HttpError, NotFoundError, ValidationError } from "./errors";

interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export function sendProblem(res: Response, problem: ProblemDocument): void {
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

/** Errors from express.json(), recognised by their documented `type`. */
function fromBodyParser(error: { type?: string; status?: number; message: string }): ProblemDocument | null {
  switch (error.type) {
    case "entity.too.large":
      return { type: "/problems/payload-too-large", title: "Payload too large", status: 413, detail: "the request body is larger than the limit" };
    case "entity.parse.failed":
      return { type: "/problems/malformed-request", title: "Malformed request", status: 400, detail: "the body is not valid JSON" };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { type: "/problems/unsupported-media-type", title: "Send JSON (Content-Type: application/json)", status: 415, detail: error.message };
    default:
      return null;
  }
}

function fromHttpError(error: HttpError): ProblemDocument {
  const problem: ProblemDocument = { type: `/problems/${error.slug}`, title: error.title, status: error.status };
  if (error.message) problem.detail = error.message;
  if (error instanceof ValidationError) problem.errors = error.issues;
  return problem;
}

/** The one road from an error to an HTTP answer. Never a stack trace; a 500 only for a real bug, logged. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (error instanceof HttpError) {
      if (error.status === 401 && !res.hasHeader("WWW-Authenticate")) res.setHeader("WWW-Authenticate", 'Bearer realm="jobline"');
      sendProblem(res, fromHttpError(error));
      return;
    }
    const bodyProblem = fromBodyParser(error);
    if (bodyProblem) {
      sendProblem(res, bodyProblem);
      return;
    }
    const dependency = failedDependency(error);
    if (dependency) {
      logger.warn({ err: error, dependency, path: req.path }, "dependency unavailable");
      sendProblem(res, { ...fromHttpError(new DependencyUnavailableError(`${dependency} is unavailable`)), dependency });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
    sendProblem(res, { type: "/problems/internal", title: "Internal error", status: 500, detail: "an unexpected error occurred; it has been logged" });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { failedDependency } from "./dependency-failure";
import {
  BadRequestError,
  DependencyUnavailableError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors";

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

/** Seconds a client should wait before retrying after a 503: dependencies usually come back within a few. */
const retryAfterSeconds = "2";

export function sendProblem(res: Response, problem: ProblemDocument): void {
  if (problem.status === 503 && !res.hasHeader("Retry-After")) res.setHeader("Retry-After", retryAfterSeconds);
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

/**
 * Client mistakes that Express and express.json() report with their own errors: the body-parser's recognised by
 * their documented `type`, and a URIError for a path parameter whose percent-encoding is broken (`/v1/jobs/%E0%A4%A`).
 */
function fromExpress(error: unknown): HttpError | null {
  if (error instanceof URIError) return new BadRequestError("the URL is not validly percent-encoded");
  const { type, message, code } = (error ?? {}) as { type?: unknown; message?: unknown; code?: unknown };
  // zlib's codes: the body said Content-Encoding gzip/deflate/br and was not.
  if (typeof code === "string" && code.startsWith("Z_")) {
    return new BadRequestError(`the body could not be decompressed as its Content-Encoding says (${String(message)})`);
  }
  switch (type) {
    case "entity.too.large":
      return new PayloadTooLargeError("the request body is larger than the limit");
    case "entity.parse.failed":
      return new BadRequestError("the body is not valid JSON");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new UnsupportedMediaTypeError(String(message));
    default:
      return null;
  }
}

export function fromHttpError(error: HttpError): ProblemDocument {
  const problem: ProblemDocument = { type: `/problems/${error.slug}`, title: error.title, status: error.status };
  if (error.message) problem.detail = error.message;
  if (error instanceof ValidationError) problem.errors = error.issues;
  return problem;
}

/** The one road from an error to an HTTP answer. Never a stack trace; a 500 only for a real bug, logged. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const clientError = error instanceof HttpError ? error : fromExpress(error);
    if (clientError) {
      if (clientError.status === 401 && !res.hasHeader("WWW-Authenticate")) res.setHeader("WWW-Authenticate", 'Bearer realm="jobline"');
      if (clientError instanceof TooManyRequestsError) res.setHeader("Retry-After", String(clientError.retryAfterSeconds));
      sendProblem(res, fromHttpError(clientError));
      return;
    }
    const dependency = failedDependency(error);
    if (dependency) {
      logger.warn({ err: error, dependency, path: req.path, requestId: res.locals.requestId }, "dependency unavailable");
      sendProblem(res, { ...fromHttpError(new DependencyUnavailableError(`${dependency} is unavailable`)), dependency });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path, requestId: res.locals.requestId }, "unhandled error");
    sendProblem(res, { type: "/problems/internal", title: "Internal error", status: 500, detail: "an unexpected error occurred; it has been logged" });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

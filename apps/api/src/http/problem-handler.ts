import { DependencyDownError, InvalidInputError, NotFoundError } from "@jobline/engine";
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { failedDependency } from "./dependency-failure";
import { BadRequestError, UnsupportedMediaTypeError } from "./errors";
import { problem, problemOf, type Problem } from "./problem-of";

export function sendProblem(res: Response, { document, headers }: Problem): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // Refused before its body arrived (a 401 to a large POST): without this, Node would keep the socket to read and
  // discard the rest, however slowly it comes. With it, Node closes the connection once the answer is sent.
  if (!res.req.complete) res.setHeader("Connection", "close");
  res.status(document.status).type("application/problem+json").send(JSON.stringify(document));
}

/**
 * Client mistakes that Express and express.json() report with their own errors: the body-parser's recognised by
 * their documented `type`, and a URIError for a path parameter whose percent-encoding is broken (`/v1/jobs/%E0%A4%A`).
 */
function fromExpress(error: unknown): Error | null {
  if (error instanceof URIError) return new BadRequestError("the URL is not validly percent-encoded");
  const { type, message, code } = (error ?? {}) as { type?: unknown; message?: unknown; code?: unknown };
  // zlib's codes: the body said Content-Encoding gzip/deflate/br and was not.
  if (typeof code === "string" && code.startsWith("Z_")) {
    return new BadRequestError(`the body could not be decompressed as its Content-Encoding says (${String(message)})`);
  }
  switch (type) {
    case "entity.too.large":
      return new InvalidInputError([{ path: "", message: "the request body is larger than the limit" }], true);
    case "entity.parse.failed":
      return new BadRequestError("the body is not valid JSON");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new UnsupportedMediaTypeError(String(message));
    default:
      return null;
  }
}

/** The one road from an error to an HTTP answer. Never a stack trace; a 500 only for a real bug, logged. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = problemOf(fromExpress(error) ?? error);
    if (known) {
      sendProblem(res, known);
      return;
    }
    const dependency = failedDependency(error);
    if (dependency) {
      logger.warn({ err: error, dependency, path: req.path, requestId: res.locals.requestId }, "dependency unavailable");
      sendProblem(res, problemOf(new DependencyDownError(dependency, `${dependency} is unavailable`))!);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path, requestId: res.locals.requestId }, "unhandled error");
    sendProblem(res, problem("internal", "an unexpected error occurred; it has been logged"));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";

/**
 * A caller's id is kept only when it is short and made of characters that are safe in a log line and a header: a
 * proxy's or client's trace id passes, anything else (two headers joined, control characters, a novel) is replaced.
 */
const saneRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function chooseRequestId(offered: string | undefined): string {
  return offered !== undefined && saneRequestId.test(offered) ? offered : randomUUID();
}

/** Gives every request an id, answered in `X-Request-Id` on every response (errors too) and kept for the log line. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const id = chooseRequestId(req.get("x-request-id"));
  res.locals.requestId = id;
  res.setHeader("X-Request-Id", id);
  next();
};

export function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

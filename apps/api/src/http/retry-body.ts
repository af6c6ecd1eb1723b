import { RetryJobBodySchema } from "@jobline/contract";
import type { Request } from "express";
import { UnsupportedMediaTypeError } from "./errors";
import { parsed } from "./request-shape";

/**
 * The payload a retry's body replaces the job's with, as the client sent it (the engine checks it against the job's
 * type); undefined when the request has no body or the body no `payload`.
 */
export function replacementOf(req: Request): { payload: unknown } | undefined {
  if (!req.is("application/json")) {
    // An empty body (`Content-Length: 0`, as many clients send on a bare POST) is no body.
    const empty = req.get("transfer-encoding") === undefined && Number(req.get("content-length") ?? 0) === 0;
    if (empty) return undefined;
    throw new UnsupportedMediaTypeError(`expected application/json, got ${req.get("content-type") ?? "no Content-Type"}`);
  }
  const body = parsed(RetryJobBodySchema, req.body);
  return "payload" in body ? { payload: body.payload } : undefined;
}

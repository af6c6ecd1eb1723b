import type { Pool } from "@jobline/db";
import { checkPayload, RetryJobBodySchema, toIssues, type JobCatalogue } from "@jobline/contract";
import type { Request } from "express";
import type { OwnerScope } from "../auth/principal";
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "../http/errors";
import { findJob } from "./job-store";

/**
 * The payload a retry's body replaces the job's with, checked against the job's type as a submission's is; undefined
 * when the request has no body or the body no `payload`.
 */
export async function replacementPayload(deps: { pool: Pool; catalogue: JobCatalogue }, scope: OwnerScope, id: string, req: Request): Promise<unknown> {
  if (!req.is("application/json")) {
    // An empty body (`Content-Length: 0`, as many clients send on a bare POST) is no body.
    const empty = req.get("transfer-encoding") === undefined && Number(req.get("content-length") ?? 0) === 0;
    if (empty) return undefined;
    throw new UnsupportedMediaTypeError(`expected application/json, got ${req.get("content-type") ?? "no Content-Type"}`);
  }
  const body = RetryJobBodySchema.safeParse(req.body);
  if (!body.success) throw new ValidationError(toIssues(body.error));
  if (!("payload" in body.data)) return undefined;
  const job = await findJob(deps.pool, scope, id);
  if (!job) throw new NotFoundError(`no job ${id}`);
  const definition = deps.catalogue.get(job.type);
  if (!definition) throw new ValidationError([{ path: "payload", message: `the job's type "${job.type}" is no longer served; its payload cannot be checked` }]);
  const checked = checkPayload(definition, body.data.payload, ["payload"]);
  if (checked.ok) return checked.payload;
  if (checked.payloadTooLarge) throw new PayloadTooLargeError(checked.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  throw new ValidationError(checked.issues);
}

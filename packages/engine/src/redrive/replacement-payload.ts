import { checkPayload, type JobCatalogue } from "@jobline/contract";
import type { Pool } from "@jobline/db";
import type { OwnerScope } from "../actors/owner-scope";
import { InvalidInputError, NotFoundError } from "../errors";
import { findJob } from "../reads/job-reads";
import { invalidInputOf } from "../validation/invalid-input-of";

/**
 * The payload a retry replaces the job's with, checked against the job's type as a submission's payload is (the same
 * size limit, schema and NUL rule). Another owner's job is not found before its type is asked.
 */
export async function replacementPayload(
  deps: { pool: Pool; catalogue: JobCatalogue },
  scope: OwnerScope,
  id: string,
  payload: unknown,
): Promise<unknown> {
  const job = await findJob(deps.pool, scope, id);
  if (!job) throw new NotFoundError(`no job ${id}`);
  const definition = deps.catalogue.get(job.type);
  if (!definition)
    throw new InvalidInputError([
      { path: "payload", message: `the job's type "${job.type}" is no longer served; its payload cannot be checked` },
    ]);
  const checked = checkPayload(definition, payload, ["payload"]);
  if (!checked.ok) throw invalidInputOf([checked]);
  return checked.payload;
}

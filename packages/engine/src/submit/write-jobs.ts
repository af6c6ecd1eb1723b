/**
 * The one road of a new job into the system, for a client's submission and a schedule's run alike: the door writes
 * the rows (the truth) with their first events and idempotency claims, then the rows' queue entries are written
 * under their ids. If Redis refuses the entries, the door takes the rows back, so no job exists without its entry.
 */
import type { CreateOutcome, JobDoor, Submission } from "@jobline/db";
import { enqueueJobs, withinLimit, type JobQueues, type RetentionOptions } from "@jobline/queues";
import { DependencyDownError } from "../errors";

export interface JobWriteDeps {
  door: JobDoor;
  queues: JobQueues;
  retention: RetentionOptions;
  /**
   * A request waits this long for Redis to take the entries, then fails with `DependencyDownError` (the client is
   * answered 503). Left out (a worker's schedule fire), the write waits for Redis as long as it takes.
   */
  enqueueTimeoutMs?: number;
}

export function writeJobs(deps: JobWriteDeps, submissions: readonly Submission[]): Promise<CreateOutcome[]> {
  const { enqueueTimeoutMs } = deps;
  return deps.door.create(submissions, async (rows) => {
    const entries = enqueueJobs(deps.queues, rows, deps.retention);
    if (enqueueTimeoutMs === undefined) return entries;
    try {
      await withinLimit(entries, enqueueTimeoutMs);
    } catch (error) {
      throw new DependencyDownError("redis", "redis is unavailable; the job was not accepted", { cause: error });
    }
  });
}

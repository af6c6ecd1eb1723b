/**
 * The cancel marks a start from the entry alone checks (startable-job.ts; the marks are packages/events
 * cancel-channel.ts). One MGET per set of checks, group-committed: a command per job cost the worker a socket write
 * each (measured at 5% of its CPU in a drain at concurrency 10), while under load the checks of every slot that
 * picked up meanwhile now share one.
 */
import { groupCommit } from "@jobline/db";
import { cancelMarkKey } from "@jobline/events";
import type { Redis } from "ioredis";

export interface CancelMarks {
  /** Whether a cancel left its mark on the job; true when Redis cannot say (the row then decides). */
  marked(jobId: string): Promise<boolean>;
}

export function readCancelMarks(redis: Redis, prefix: string): CancelMarks {
  const reads = groupCommit<string, boolean>(
    async (jobIds) => {
      const values = await redis.mget(jobIds.map((jobId) => cancelMarkKey(prefix, jobId)));
      return values.map((value) => ({ ok: true, value: value !== null }));
    },
    { maxBatch: 500 },
  );
  return { marked: (jobId) => reads.write(jobId).catch(() => true) };
}

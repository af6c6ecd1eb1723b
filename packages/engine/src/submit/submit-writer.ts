/**
 * Group commit on submit: submissions that arrive while a write is in flight are written together, as one INSERT of
 * their rows and first events (with their idempotency claims) and one `addBulk` per queue (write-jobs.ts), and then
 * each request gets its own answer. Row first, entries second: if Redis refuses, every row of the set is taken back
 * and each request fails with `DependencyDownError`, so no job is accepted without a queue entry.
 */
import { groupCommit, isDatabaseUnreachable, type CreateOutcome, type JobDoor, type Outcome, type Submission } from "@jobline/db";
import type { JobQueues, RetentionOptions } from "@jobline/queues";
import { DependencyDownError } from "../errors";
import { writeJobs } from "./write-jobs";

export interface SubmitWriterDeps {
  door: JobDoor;
  queues: JobQueues;
  config: { enqueueTimeoutMs: number; retention: RetentionOptions };
}

export type SubmitWriter = (submission: Submission) => Promise<CreateOutcome>;

/** Jobs per statement: a full batch request (500 jobs) still goes in one write with a few single submissions. */
const maxJobsPerWrite = 1000;
/** A second write may start while the first waits for Redis, so the INSERT of one set overlaps the `addBulk` of the other. */
const writesInFlight = 2;

export function createSubmitWriter(deps: SubmitWriterDeps): SubmitWriter {
  const writeSet = (submissions: Submission[]): Promise<CreateOutcome[]> =>
    writeJobs(
      { door: deps.door, queues: deps.queues, retention: deps.config.retention, enqueueTimeoutMs: deps.config.enqueueTimeoutMs },
      submissions,
    );

  const writer = groupCommit<Submission, CreateOutcome>(
    async (submissions): Promise<Outcome<CreateOutcome>[]> => {
      try {
        return (await writeSet(submissions)).map((value) => ({ ok: true, value }));
      } catch (error) {
        const shared = error instanceof DependencyDownError || isDatabaseUnreachable(error);
        if (submissions.length === 1 || shared) return submissions.map(() => ({ ok: false, error }));
        // Postgres refused the set for a reason of one submission's own: each alone, so it fails only itself.
        return Promise.all(
          submissions.map(async (submission): Promise<Outcome<CreateOutcome>> => {
            try {
              const [value] = await writeSet([submission]);
              return { ok: true, value: value! };
            } catch (alone) {
              return { ok: false, error: alone };
            }
          }),
        );
      }
    },
    {
      maxBatch: maxJobsPerWrite,
      concurrency: writesInFlight,
      sizeOf: (submission) => submission.jobs.length,
      // One statement may claim an idempotency key only once: a concurrent duplicate waits for the next write.
      keyOf: (submission) => (submission.claim ? `${submission.claim.ownerId}\n${submission.claim.key}` : submission.jobs[0]!.id),
    },
  );
  return (submission) => writer.write(submission);
}

import type { JobError } from "@jobline/contract";
import type { Job } from "./generated/prisma/client";

/**
 * A job as the hot statements read it: `progressSeq` is only for resuming event streams, which read it themselves;
 * `fingerprint` only for the dead-letter desk, which reads it itself.
 */
export type JobRow = Omit<Job, "progressSeq" | "fingerprint">;

/** The error as stored in a job's row: what clients see. Stacks live in the job's events and the dead-letter queue. */
export type StoredJobError = JobError;

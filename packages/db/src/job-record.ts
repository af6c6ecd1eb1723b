import type { JobError } from "@jobline/jobs";
import type { Job } from "./generated/prisma/client";

/** A job as the hot statements read it: `progressSeq` is only for resuming event streams, which read it themselves. */
export type JobRow = Omit<Job, "progressSeq">;

/** The error as stored in a job's row: what clients see. Stacks live in the job's events and the dead-letter queue. */
export type StoredJobError = JobError;

import type { JobError } from "@jobline/jobs";
import type { Job } from "./generated/prisma/client";

export type JobRow = Job;

/** The error as stored in a job's row: what clients see. Stacks live in the job's events and the dead-letter queue. */
export type StoredJobError = JobError;

/**
 * Recording a job's failure, for the worker (a permanent error, or the last attempt) and the reconciler (from a failed
 * entry): the row moves to `failed` with the error and its fingerprint, then the job is dead-lettered.
 */
import { failureFingerprint, type AttemptError, type JobDoor, type MovedJob, type PrismaClient } from "@jobline/db";
import type { JobQueues } from "@jobline/queues";
import { deadLetter } from "./dead-letter";

export interface FailureStores {
  /** For the dead letter's history (a cold read). */
  prisma: PrismaClient;
  door: JobDoor;
  queues: JobQueues;
}

export interface AttemptFailure {
  jobId: string;
  /** The job's type: the fingerprint groups failures by type and error. */
  type: string;
  attempt: number;
  error: AttemptError;
}

/** Where a dead letter that could not be added is reported: a pino logger fits. */
export interface FailureLog {
  error(details: object, message: string): void;
}

/**
 * The job as the `failed` write left it, or null when the row moved on (then nothing is dead-lettered). A failed write
 * throws; a dead letter that cannot be added is reported to `log`, not thrown: the row already says failed, with
 * the error, and the dead letter is the operator's copy.
 */
export async function failAttempt(
  stores: FailureStores,
  failure: AttemptFailure,
  options: { durable?: boolean; log: FailureLog },
): Promise<MovedJob | null> {
  const { jobId, type, attempt, error } = failure;
  const fingerprint = failureFingerprint({ type, ...error });
  const failed = await stores.door.transition({ jobId }, { to: "failed", attempt, error, fingerprint }, { durable: options.durable });
  if (!failed) return null;
  try {
    await deadLetter(stores.prisma, stores.queues, failed, error);
  } catch (dlqError) {
    options.log.error({ err: dlqError }, "could not add the job to the dead-letter queue");
  }
  return failed;
}

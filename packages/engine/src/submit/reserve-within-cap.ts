import { UnfinishedJobsCapError } from "../errors";
import type { UnfinishedJobsCap } from "./unfinished-jobs-cap";

/** A submission's outcome as the cap needs to know it: a replay created nothing, so its room goes back. */
interface Created {
  replayed: boolean;
}

/**
 * Runs a submission of `jobs` jobs if the owner's cap on unfinished jobs has room for them all
 * (`UnfinishedJobsCapError` otherwise). The jobs are counted before they are written and given back when the
 * submission fails or turns out to be a replay of an earlier one (an Idempotency-Key), which creates nothing.
 */
export async function reserveWithinCap<T extends Created>(
  cap: UnfinishedJobsCap,
  owner: { id: string; maxUnfinishedJobs: number },
  jobs: number,
  submit: () => Promise<T>,
): Promise<T> {
  const reservation = await cap.reserve(owner.id, owner.maxUnfinishedJobs, jobs);
  if (!reservation.reserved) {
    throw new UnfinishedJobsCapError(
      `the owner has ${reservation.count} unfinished jobs; ${jobs} more would pass its cap of ${owner.maxUnfinishedJobs}`,
      reservation.retryAfterSeconds,
    );
  }
  let submitted: T;
  try {
    submitted = await submit();
  } catch (error) {
    await reservation.release();
    throw error;
  }
  if (submitted.replayed) await reservation.release();
  return submitted;
}

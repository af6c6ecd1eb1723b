import type { Principal } from "../auth/principal";
import { UnfinishedJobsCapError } from "../http/errors";
import type { Submitted } from "../jobs/submit-jobs";
import { effectiveLimits, type EdgeLimits } from "./edge-limits";

/**
 * Runs a submission of `jobs` jobs if the owner's cap on unfinished jobs allows them all (a 429 otherwise). The jobs
 * are counted before they are written and given back when the submission fails or turns out to be a replay of an
 * earlier one (an Idempotency-Key), which creates nothing.
 */
export async function admitWithinCap(limits: EdgeLimits, principal: Principal, jobs: number, submit: () => Promise<Submitted>): Promise<Submitted> {
  const { maxUnfinishedJobs } = effectiveLimits(limits.defaults, principal.limits);
  const reservation = await limits.cap.reserve(principal.ownerId, maxUnfinishedJobs, jobs);
  if (!reservation.admitted) {
    throw new UnfinishedJobsCapError(
      `the owner has ${reservation.count} unfinished jobs; ${jobs} more would pass its cap of ${maxUnfinishedJobs}`,
      reservation.retryAfterSeconds,
    );
  }
  let submitted: Submitted;
  try {
    submitted = await submit();
  } catch (error) {
    await reservation.release();
    throw error;
  }
  if (submitted.replayed) await reservation.release();
  return submitted;
}

/**
 * The pickup: may the job start? A read through the door (the start is written later, see the engine's
 * attempt-start.ts). When Postgres cannot be reached the job has not started: its entry goes back to BullMQ, delayed,
 * without spending an attempt (DelayedError tells BullMQ the entry moved), so no worker spins on it.
 */
import { isDatabaseUnreachable, type JobDoor, type RunnableJob } from "@jobline/db";
import { DelayedError } from "bullmq";
import type { Logger } from "pino";
import type { AttemptJob } from "./lifecycle";

/** The job's row if it may start now; null when it may not (cancelled, already finished, no row at all). */
export async function pickUp(
  deps: { door: JobDoor; pickupRetryDelayMs: number },
  job: AttemptJob,
  token: string | undefined,
  log: Logger,
): Promise<RunnableJob | null> {
  try {
    return await deps.door.runnable(job.id!);
  } catch (error) {
    if (!isDatabaseUnreachable(error)) throw error;
    await job.moveToDelayed(Date.now() + deps.pickupRetryDelayMs, token);
    log.warn({ err: error, retryInMs: deps.pickupRetryDelayMs }, "postgres unreachable at pickup; the job waits and is picked up again");
    throw new DelayedError();
  }
}

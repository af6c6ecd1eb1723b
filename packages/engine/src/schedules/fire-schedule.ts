/**
 * One fire of a schedule (taken by the worker's schedule runner): its run is an ordinary job of the schedule's owner,
 * built and written the way a submitted job is (`newJobRecord`, write-jobs.ts), with `scheduleId` set. The fire is
 * keyed by the schedule and its due time (an idempotency claim written with the job), so a fire taken twice (a retry,
 * a stalled entry, a restored scheduler) makes one job. The fires of one schedule take turns (a lock per schedule): BullMQ schedules the
 * next fire when this one is taken and several runners take fires, so two could otherwise both see the same finished
 * previous run under `overlap: "skip"` and both make a run.
 *
 * A run counts against its owner's cap on unfinished jobs exactly as a submitted job does (the same count, reserved
 * the same way, `reserveWithinCap`): a fire the cap refuses makes no run and records the skip on the schedule. Its next
 * fire comes at its usual time; a skipped run is not made up later, so a full owner gets no burst when room comes back.
 */
import { newJobRecord, withScheduleLock, type JobDoor, type NewJob, type PrismaClient, type ScheduleRow } from "@jobline/db";
import { isTerminal, runAfter, type JobCatalogue, type JobTypeDefinition, type ScheduleSkipReason } from "@jobline/contract";
import type { JobQueues, RetentionOptions } from "@jobline/queues";
import { UnfinishedJobsCapError } from "../errors";
import { reserveWithinCap } from "../submit/reserve-within-cap";
import type { UnfinishedJobsCap } from "../submit/unfinished-jobs-cap";
import { writeJobs } from "../submit/write-jobs";

export interface FireDeps {
  prisma: PrismaClient;
  door: JobDoor;
  queues: JobQueues;
  catalogue: JobCatalogue;
  retention: RetentionOptions;
  /** The owners' cap on unfinished jobs, the one submissions reserve room under. */
  cap: UnfinishedJobsCap;
  /** The deployment's MAX_UNFINISHED_JOBS_PER_OWNER: the cap of an owner whose row sets none. */
  maxUnfinishedJobsPerOwner: number;
}

export type FireOutcome =
  | { kind: "created"; jobId: string }
  /** No schedule by that id any more (deleted), or paused: its scheduler is a leftover the restorer removes. */
  | { kind: "inactive" }
  /** `overlap: "skip"` and the previous run has not finished. */
  | { kind: "skipped"; reason: "previous-run-unfinished"; previousJobId: string }
  /** The owner has no room under its cap on unfinished jobs. */
  | { kind: "skipped"; reason: "owner-unfinished-jobs-cap" }
  /** This fire already made its job. */
  | { kind: "repeated" }
  /** The schedule's type is not served by this deployment (demo types switched off). */
  | { kind: "unknown-type"; type: string };

/** Never a client's key: those are what a client sends, and a client cannot make a schedule fire. */
function fireKey(scheduleId: string, dueAt: Date): string {
  return `schedule:${scheduleId}:${dueAt.getTime()}`;
}

async function previousRunUnfinished(prisma: PrismaClient, schedule: ScheduleRow): Promise<boolean> {
  if (schedule.overlap !== "skip" || schedule.lastJobId === null) return false;
  const previous = await prisma.job.findUnique({ where: { id: schedule.lastJobId }, select: { status: true } });
  // A run swept away long ago finished long ago.
  return previous !== null && !isTerminal(previous.status);
}

/** The run: the schedule's payload, priority and metadata, the type's default limits, due now, no callback. */
function runOf(schedule: ScheduleRow, definition: JobTypeDefinition, now: Date): NewJob {
  return newJobRecord(
    {
      ownerId: schedule.ownerId,
      type: schedule.type,
      definition,
      payload: schedule.payload,
      priority: schedule.priority,
      metadata: schedule.metadata as Record<string, unknown>,
      scheduleId: schedule.id,
    },
    now,
  );
}

/** Bounds a fire with its wait for the one before it (a read, an insert, a queue entry, an update each). */
const fireTimeoutMs = 30_000;

export function fireSchedule(deps: FireDeps, scheduleId: string, dueAt: Date): Promise<FireOutcome> {
  return withScheduleLock(deps.prisma, scheduleId, fireTimeoutMs, () => fireInTurn(deps, scheduleId, dueAt));
}

async function fireInTurn(deps: FireDeps, scheduleId: string, dueAt: Date): Promise<FireOutcome> {
  const schedule = await deps.prisma.schedule.findUnique({
    where: { id: scheduleId },
    include: { owner: { select: { maxUnfinishedJobs: true } } },
  });
  if (!schedule || schedule.paused) return { kind: "inactive" };
  const nextRunAt = runAfter(schedule, dueAt);
  const record = (data: { lastRunAt: Date; lastJobId: string } | { lastSkippedAt: Date; lastSkipReason: ScheduleSkipReason }) =>
    // A fire taken late must not move the schedule back past a later one.
    deps.prisma.schedule.updateMany({
      where: { id: schedule.id, OR: [{ lastRunAt: null }, { lastRunAt: { lte: dueAt } }] },
      data: { ...data, nextRunAt },
    });
  const skipped = async (reason: ScheduleSkipReason) => {
    await record({ lastSkippedAt: dueAt, lastSkipReason: reason });
  };

  if (await previousRunUnfinished(deps.prisma, schedule)) {
    await skipped("previous-run-unfinished");
    return { kind: "skipped", reason: "previous-run-unfinished", previousJobId: schedule.lastJobId! };
  }
  const definition = deps.catalogue.get(schedule.type);
  if (!definition) return { kind: "unknown-type", type: schedule.type };

  const job = runOf(schedule, definition, new Date());
  const claim = { ownerId: schedule.ownerId, key: fireKey(schedule.id, dueAt), requestHash: "schedule-fire" };
  // An earlier try of this fire made the run but may have failed before recording it: record it now, or the schedule
  // would keep pointing at an older run (and `skip` would check that one).
  const recordHeldRun = async (): Promise<boolean> => {
    const held = await deps.prisma.idempotencyKey.findUnique({
      where: { ownerId_key: { ownerId: claim.ownerId, key: claim.key } },
      select: { jobIds: true },
    });
    if (held?.jobIds[0]) await record({ lastRunAt: dueAt, lastJobId: held.jobIds[0] });
    return held !== null;
  };
  const owner = { id: schedule.ownerId, maxUnfinishedJobs: schedule.owner.maxUnfinishedJobs ?? deps.maxUnfinishedJobsPerOwner };
  let written: { replayed: boolean };
  try {
    written = await reserveWithinCap(deps.cap, owner, 1, async () => {
      // No time limit on the entries: a fire waits for Redis (BullMQ retries it if it fails).
      const [outcome] = await writeJobs(deps, [{ jobs: [job], claim }]);
      return { replayed: outcome!.kind === "refused" };
    });
  } catch (error) {
    if (!(error instanceof UnfinishedJobsCapError)) throw error;
    // A fire taken again whose first try made the run is refused by the room that run took: it is a repeat, not a skip.
    if (await recordHeldRun()) return { kind: "repeated" };
    await skipped("owner-unfinished-jobs-cap");
    return { kind: "skipped", reason: "owner-unfinished-jobs-cap" };
  }
  if (written.replayed) {
    await recordHeldRun();
    return { kind: "repeated" };
  }
  await record({ lastRunAt: dueAt, lastJobId: job.id });
  return { kind: "created", jobId: job.id };
}

/**
 * One fire of a schedule: its run is an ordinary job of the schedule's owner, created through the door and admitted
 * into its queue the way the API admits a submission, with `scheduleId` set. The fire is keyed by the schedule and
 * its due time (an idempotency claim written with the job), so a fire taken twice (a retry, a stalled entry, a
 * restored scheduler) makes one job. The fires of one schedule take turns (a lock per schedule): BullMQ schedules the
 * next fire when this one is taken and several runners take fires, so two could otherwise both see the same finished
 * previous run under `overlap: "skip"` and both make a run.
 */
import { randomUUID } from "node:crypto";
import { withScheduleLock, type JobDoor, type NewJob, type PrismaClient, type ScheduleRow } from "@jobline/db";
import { isTerminal, runAfter, type JobCatalogue } from "@jobline/contract";
import { enqueueJobs, type JobQueues, type RetentionOptions } from "@jobline/queues";

export interface FireDeps {
  prisma: PrismaClient;
  door: JobDoor;
  queues: JobQueues;
  catalogue: JobCatalogue;
  retention: RetentionOptions;
}

export type FireOutcome =
  | { kind: "created"; jobId: string }
  /** No schedule by that id any more (deleted), or paused: its scheduler is a leftover the restorer removes. */
  | { kind: "inactive" }
  /** `overlap: "skip"` and the previous run has not finished. */
  | { kind: "skipped"; previousJobId: string }
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

function runOf(schedule: ScheduleRow, definition: NonNullable<ReturnType<JobCatalogue["get"]>>, now: Date): NewJob {
  return {
    id: randomUUID(),
    ownerId: schedule.ownerId,
    type: schedule.type,
    queue: definition.queue,
    status: "queued",
    payload: schedule.payload,
    priority: schedule.priority,
    maxAttempts: definition.defaults.maxAttempts,
    timeoutMs: definition.defaults.timeoutMs,
    runAt: null,
    idempotencyKey: null,
    callbackUrl: null,
    metadata: schedule.metadata as Record<string, unknown>,
    createdAt: now,
    scheduleId: schedule.id,
  };
}

/** Bounds a fire with its wait for the one before it (a read, an insert, a queue entry, an update each). */
const fireTimeoutMs = 30_000;

export function fireSchedule(deps: FireDeps, scheduleId: string, dueAt: Date): Promise<FireOutcome> {
  return withScheduleLock(deps.prisma, scheduleId, fireTimeoutMs, () => fireInTurn(deps, scheduleId, dueAt));
}

async function fireInTurn(deps: FireDeps, scheduleId: string, dueAt: Date): Promise<FireOutcome> {
  const schedule = await deps.prisma.schedule.findUnique({ where: { id: scheduleId } });
  if (!schedule || schedule.paused) return { kind: "inactive" };
  const nextRunAt = runAfter(schedule, dueAt);
  const record = (data: { lastRunAt?: Date; lastJobId?: string }) =>
    // A fire taken late must not move the schedule back past a later one.
    deps.prisma.schedule.updateMany({
      where: { id: schedule.id, OR: [{ lastRunAt: null }, { lastRunAt: { lte: dueAt } }] },
      data: { ...data, nextRunAt },
    });

  if (await previousRunUnfinished(deps.prisma, schedule)) {
    await record({});
    return { kind: "skipped", previousJobId: schedule.lastJobId! };
  }
  const definition = deps.catalogue.get(schedule.type);
  if (!definition) return { kind: "unknown-type", type: schedule.type };

  const job = runOf(schedule, definition, new Date());
  const claim = { ownerId: schedule.ownerId, key: fireKey(schedule.id, dueAt), requestHash: "schedule-fire" };
  const [outcome] = await deps.door.create([{ jobs: [job], claim }], (rows) => enqueueJobs(deps.queues, rows, deps.retention));
  if (outcome!.kind === "refused") {
    // An earlier try of this fire made the run but may have failed before recording it: record it now, or the
    // schedule would keep pointing at an older run (and `skip` would check that one).
    const held = await deps.prisma.idempotencyKey.findUnique({ where: { ownerId_key: { ownerId: claim.ownerId, key: claim.key } }, select: { jobIds: true } });
    if (held?.jobIds[0]) await record({ lastRunAt: dueAt, lastJobId: held.jobIds[0] });
    return { kind: "repeated" };
  }
  await record({ lastRunAt: dueAt, lastJobId: job.id });
  return { kind: "created", jobId: job.id };
}

/**
 * Creating, changing and deleting schedules: the row first (the truth), then its BullMQ scheduler. When Redis does
 * not take the scheduler in time the row stays and the answer is still a success: the worker's schedule restorer
 * installs (or removes) the scheduler from the row within its interval, and a fire whose row is gone or paused does
 * nothing. So a schedule answered `201` is never lost, only possibly late to start while Redis is away.
 */
import {
  createSchedule,
  deleteSchedule,
  findSchedule,
  ScheduleNameTakenError,
  updateSchedule,
  type PrismaClient,
  type ScheduleChanges,
  type ScheduleRow,
} from "@jobline/db";
import { checkScheduleContent, firstRunAt, type CreateScheduleBody, type JobCatalogue, type PatchScheduleBody, type ScheduleTiming } from "@jobline/contract";
import { installSchedule, uninstallSchedule, withinLimit, type InstallableSchedule, type JobQueues } from "@jobline/queues";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { ConflictError, NotFoundError, ValidationError } from "../http/errors";

export interface ScheduleDeps {
  prisma: PrismaClient;
  queues: JobQueues;
  catalogue: JobCatalogue;
  logger: Logger;
  config: { enqueueTimeoutMs: number };
}

/** Null while paused: a paused schedule has no scheduler. */
function nextRunAtOf(timing: ScheduleTiming, paused: boolean, now: Date): Date | null {
  return paused ? null : firstRunAt(timing, now);
}

/** Installs the scheduler of an active schedule, removes that of a paused or deleted one (`active` null). */
async function syncScheduler(deps: ScheduleDeps, scheduleId: string, active: InstallableSchedule | null): Promise<void> {
  const sync = active ? installSchedule(deps.queues.schedules, active) : uninstallSchedule(deps.queues.schedules, scheduleId);
  try {
    await withinLimit(sync, deps.config.enqueueTimeoutMs);
  } catch (error) {
    deps.logger.warn({ err: error, scheduleId }, "redis did not take the change of the schedule's scheduler; the worker's restorer will make it");
  }
}

function checked(deps: ScheduleDeps, content: { type: string; payload: unknown; metadata?: Record<string, unknown> }): unknown {
  const check = checkScheduleContent(deps.catalogue, content);
  if (!check.ok) throw new ValidationError(check.issues);
  return check.payload;
}

async function nameChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ScheduleNameTakenError) throw new ConflictError(error.message);
    throw error;
  }
}

export async function addSchedule(deps: ScheduleDeps, ownerId: string, body: CreateScheduleBody): Promise<ScheduleRow> {
  const payload = checked(deps, body);
  const now = new Date();
  const timing = { cron: body.cron ?? null, everyMs: body.everyMs ?? null, timezone: body.timezone };
  const row = await nameChecked(
    createSchedule(deps.prisma, {
      id: randomUUID(),
      ownerId,
      name: body.name,
      type: body.type,
      payload: payload as object,
      ...timing,
      priority: body.priority,
      metadata: body.metadata,
      overlap: body.overlap,
      paused: body.paused,
      nextRunAt: nextRunAtOf(timing, body.paused, now),
      createdAt: now,
      updatedAt: now,
    }),
  );
  if (!row.paused) await syncScheduler(deps, row.id, row);
  return row;
}

/** The owner's schedule (`ownerId` null: an admin, any owner's), or a 404 exactly like an unknown id's. */
export async function findOwnSchedule(deps: ScheduleDeps, ownerId: string | null, id: string): Promise<ScheduleRow> {
  const row = await findSchedule(deps.prisma, id, ownerId);
  if (!row) throw new NotFoundError(`no schedule ${id}`);
  return row;
}

export async function changeSchedule(deps: ScheduleDeps, ownerId: string | null, id: string, patch: PatchScheduleBody): Promise<ScheduleRow> {
  const current = await findOwnSchedule(deps, ownerId, id);
  const now = new Date();
  const changes: ScheduleChanges = { updatedAt: now };
  if (patch.payload !== undefined || patch.metadata !== undefined) {
    const metadata = patch.metadata ?? (current.metadata as Record<string, unknown>);
    changes.payload = checked(deps, { type: current.type, payload: patch.payload ?? current.payload, metadata }) as object;
    if (patch.metadata !== undefined) changes.metadata = patch.metadata;
  }
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.priority !== undefined) changes.priority = patch.priority;
  if (patch.overlap !== undefined) changes.overlap = patch.overlap;
  const timingChanged = patch.cron !== undefined || patch.everyMs !== undefined || patch.timezone !== undefined;
  const pausedChanged = patch.paused !== undefined && patch.paused !== current.paused;
  if (timingChanged || pausedChanged) {
    // `cron` replaces `everyMs` and the other way round.
    const timing: ScheduleTiming = {
      cron: patch.cron ?? (patch.everyMs !== undefined ? null : current.cron),
      everyMs: patch.everyMs ?? (patch.cron !== undefined ? null : current.everyMs),
      timezone: patch.timezone ?? current.timezone,
    };
    const paused = patch.paused ?? current.paused;
    Object.assign(changes, timing, { paused, nextRunAt: nextRunAtOf(timing, paused, now) });
  }
  const row = await nameChecked(updateSchedule(deps.prisma, current.id, ownerId, changes));
  if (!row) throw new NotFoundError(`no schedule ${id}`);
  if (timingChanged || pausedChanged) await syncScheduler(deps, row.id, row.paused ? null : row);
  return row;
}

export async function removeSchedule(deps: ScheduleDeps, ownerId: string | null, id: string): Promise<void> {
  const deleted = await deleteSchedule(deps.prisma, id, ownerId);
  if (!deleted) throw new NotFoundError(`no schedule ${id}`);
  // A scheduler left behind (Redis away) fires into nothing until the restorer removes it.
  await syncScheduler(deps, id.toLowerCase(), null);
}

/**
 * Creating, changing and deleting schedules: the row first (the truth), then its scheduler (scheduler-sync.ts). What
 * a schedule's runs will carry is checked as a submission is (the same size limit, schema and NUL rule); a name the
 * owner already uses is a `StateConflictError`; one more than the owner's limit on schedules, `TooManySchedulesError`.
 */
import { randomUUID } from "node:crypto";
import {
  createSchedule,
  deleteSchedule,
  ScheduleLimitReachedError,
  ScheduleNameTakenError,
  updateSchedule,
  type PrismaClient,
  type ScheduleChanges,
  type ScheduleRow,
} from "@jobline/db";
import {
  checkScheduleContent,
  CronNeverRunsError,
  firstRunAt,
  type CreateScheduleBody,
  type JobCatalogue,
  type PatchScheduleBody,
  type ScheduleTiming,
} from "@jobline/contract";
import { ownerIdFilter, type OwnerScope } from "../actors/owner-scope";
import { InvalidInputError, NotFoundError, StateConflictError, TooManySchedulesError } from "../errors";
import { invalidInputOf } from "../validation/invalid-input-of";
import { findOwnSchedule } from "./schedule-reads";
import { syncScheduler, type SchedulerSyncDeps } from "./scheduler-sync";

export interface ScheduleDeps extends SchedulerSyncDeps {
  prisma: PrismaClient;
  catalogue: JobCatalogue;
  /** The deployment's MAX_SCHEDULES_PER_OWNER: the limit of an owner whose row sets none. */
  maxSchedulesPerOwner: number;
}

/** Null while paused: a paused schedule has no scheduler. A stored cron that never runs cannot be resumed. */
function nextRunAtOf(timing: ScheduleTiming, paused: boolean, now: Date): Date | null {
  if (paused) return null;
  try {
    return firstRunAt(timing, now);
  } catch (error) {
    if (error instanceof CronNeverRunsError) throw new InvalidInputError([{ path: "cron", message: error.message }], false);
    throw error;
  }
}

function checked(deps: ScheduleDeps, content: { type: string; payload: unknown; metadata?: Record<string, unknown> }): unknown {
  const check = checkScheduleContent(deps.catalogue, content);
  if (!check.ok) throw invalidInputOf([check]);
  return check.payload;
}

async function conflictChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ScheduleNameTakenError) throw new StateConflictError(error.message);
    if (error instanceof ScheduleLimitReachedError) {
      throw new TooManySchedulesError(`${error.message}; delete one to create another`, { cause: error });
    }
    throw error;
  }
}

export async function addSchedule(deps: ScheduleDeps, ownerId: string, body: CreateScheduleBody): Promise<ScheduleRow> {
  const payload = checked(deps, body);
  const now = new Date();
  const timing = { cron: body.cron ?? null, everyMs: body.everyMs ?? null, timezone: body.timezone };
  const row = await conflictChecked(
    createSchedule(
      deps.prisma,
      {
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
      },
      { maxSchedulesPerOwner: deps.maxSchedulesPerOwner },
    ),
  );
  if (!row.paused) await syncScheduler(deps, row.id, row);
  return row;
}

export async function changeSchedule(deps: ScheduleDeps, scope: OwnerScope, id: string, patch: PatchScheduleBody): Promise<ScheduleRow> {
  const current = await findOwnSchedule(deps, scope, id);
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
  const row = await conflictChecked(updateSchedule(deps.prisma, current.id, ownerIdFilter(scope) ?? null, changes));
  if (!row) throw new NotFoundError(`no schedule ${id}`);
  if (timingChanged || pausedChanged) await syncScheduler(deps, row.id, row.paused ? null : row);
  return row;
}

export async function removeSchedule(deps: ScheduleDeps, scope: OwnerScope, id: string): Promise<void> {
  const deleted = await deleteSchedule(deps.prisma, id, ownerIdFilter(scope) ?? null);
  if (!deleted) throw new NotFoundError(`no schedule ${id}`);
  // A scheduler left behind (Redis away) fires into nothing until the restorer removes it.
  await syncScheduler(deps, id.toLowerCase(), null);
}

/**
 * Schedule rows: the truth a schedule's BullMQ scheduler is installed (and restored) from. A cold path, so Prisma.
 * Every read and write of a client takes the owner (null only for admins) and filters in SQL, so another owner's
 * schedule and an unknown id look the same.
 */
import { Prisma, type PrismaClient, type Schedule } from "./generated/prisma/client";
import { isJobId, normalJobId } from "./job-id";
import { ScheduleSkipReasonSchema, type ScheduleResource } from "@jobline/contract";

export type ScheduleRow = Schedule;

/** The owner has as many schedules as its limit allows. */
export class ScheduleLimitReachedError extends Error {
  override name = "ScheduleLimitReachedError";
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`the owner has ${count} schedules, as many as its limit of ${limit} allows`);
  }
}

/** Another schedule of the same owner has this name. */
export class ScheduleNameTakenError extends Error {
  override name = "ScheduleNameTakenError";
}

export type NewSchedule = Omit<ScheduleRow, "lastRunAt" | "lastJobId" | "lastSkippedAt" | "lastSkipReason" | "metadata" | "payload"> & {
  payload: Prisma.InputJsonValue;
  metadata: Prisma.InputJsonObject;
};

export type ScheduleChanges = Partial<Omit<NewSchedule, "id" | "ownerId" | "type" | "createdAt">>;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function nameChecked<T>(write: Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ScheduleNameTakenError(`a schedule named "${name}" already exists`, { cause: error });
    throw error;
  }
}

/** Bounds a create's wait for the creates of the same owner before it (each a count and an insert). */
const createTimeoutMs = 10_000;

/**
 * Creates the schedule if its owner has fewer than its limit (`owners.max_schedules`, else `maxSchedulesPerOwner`),
 * `ScheduleLimitReachedError` otherwise. The owner's row is locked while its schedules are counted and the new one
 * inserted, so creates that arrive together take turns and cannot pass the limit between them. FOR NO KEY UPDATE, not
 * FOR UPDATE: the owner's job inserts (which take FOR KEY SHARE for their foreign key) do not wait for it.
 */
export function createSchedule(
  prisma: PrismaClient,
  schedule: NewSchedule,
  limits: { maxSchedulesPerOwner: number },
): Promise<ScheduleRow> {
  const write = prisma.$transaction(
    async (tx) => {
      const [owner] = await tx.$queryRaw<{ max_schedules: number | null }[]>`
        SELECT max_schedules FROM owners WHERE id = ${schedule.ownerId}::uuid FOR NO KEY UPDATE`;
      const limit = owner?.max_schedules ?? limits.maxSchedulesPerOwner;
      const count = await tx.schedule.count({ where: { ownerId: schedule.ownerId } });
      if (count >= limit) throw new ScheduleLimitReachedError(count, limit);
      return tx.schedule.create({ data: schedule });
    },
    { maxWait: createTimeoutMs, timeout: createTimeoutMs },
  );
  return nameChecked(write, schedule.name);
}

export async function findSchedule(prisma: PrismaClient, id: string, ownerId: string | null): Promise<ScheduleRow | null> {
  if (!isJobId(id)) return null;
  return prisma.schedule.findFirst({ where: { id: normalJobId(id), ...(ownerId === null ? {} : { ownerId }) } });
}

/** Newest first by (createdAt, id), after the cursor's position. */
export function listSchedules(
  prisma: PrismaClient,
  query: { ownerId: string | null; after?: { createdAt: Date; id: string }; limit: number },
): Promise<ScheduleRow[]> {
  const { after } = query;
  return prisma.schedule.findMany({
    where: {
      ...(query.ownerId === null ? {} : { ownerId: query.ownerId }),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
}

/** The schedule as changed, or null when the owner has no such schedule. */
export async function updateSchedule(
  prisma: PrismaClient,
  id: string,
  ownerId: string | null,
  changes: ScheduleChanges,
): Promise<ScheduleRow | null> {
  if (!isJobId(id)) return null;
  try {
    return await nameChecked(
      prisma.schedule.update({ where: { id: normalJobId(id), ...(ownerId === null ? {} : { ownerId }) }, data: changes }),
      changes.name,
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
    throw error;
  }
}

/** False when the owner has no such schedule. Its runs stay, without the link (ON DELETE SET NULL). */
export async function deleteSchedule(prisma: PrismaClient, id: string, ownerId: string | null): Promise<boolean> {
  if (!isJobId(id)) return false;
  const { count } = await prisma.schedule.deleteMany({ where: { id: normalJobId(id), ...(ownerId === null ? {} : { ownerId }) } });
  return count > 0;
}

/** Every schedule that should have a scheduler: the restorer's list. */
export function activeSchedules(prisma: PrismaClient): Promise<Pick<ScheduleRow, "id" | "cron" | "everyMs" | "timezone">[]> {
  return prisma.schedule.findMany({ where: { paused: false }, select: { id: true, cron: true, everyMs: true, timezone: true } });
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function toScheduleResource(row: ScheduleRow): ScheduleResource {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    payload: row.payload,
    cron: row.cron,
    everyMs: row.everyMs,
    timezone: row.timezone,
    priority: row.priority,
    metadata: row.metadata as ScheduleResource["metadata"],
    overlap: row.overlap,
    paused: row.paused,
    nextRunAt: iso(row.nextRunAt),
    lastRunAt: iso(row.lastRunAt),
    lastJobId: row.lastJobId,
    lastSkip:
      row.lastSkippedAt && row.lastSkipReason
        ? { at: row.lastSkippedAt.toISOString(), reason: ScheduleSkipReasonSchema.parse(row.lastSkipReason) }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

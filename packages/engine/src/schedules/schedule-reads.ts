/** Reads of schedules for a caller: the owner's own, every owner's for an admin; another owner's is not found. */
import { findSchedule, listSchedules, type PrismaClient, type ScheduleRow } from "@jobline/db";
import type { ListSchedulesQuery } from "@jobline/contract";
import { ownerIdFilter, type OwnerScope } from "../actors/owner-scope";
import { NotFoundError } from "../errors";
import { pageOf, positionAfter } from "../reads/keyset-cursor";

/** The scope's schedule, or `NotFoundError` exactly like an unknown id's. */
export async function findOwnSchedule(deps: { prisma: PrismaClient }, scope: OwnerScope, id: string): Promise<ScheduleRow> {
  const row = await findSchedule(deps.prisma, id, ownerIdFilter(scope) ?? null);
  if (!row) throw new NotFoundError(`no schedule ${id}`);
  return row;
}

/** A page of the scope's schedules, newest first. */
export async function listOwnSchedules(
  deps: { prisma: PrismaClient },
  scope: OwnerScope,
  query: ListSchedulesQuery,
): Promise<{ rows: ScheduleRow[]; nextCursor: string | null }> {
  const rows = await listSchedules(deps.prisma, {
    ownerId: ownerIdFilter(scope) ?? null,
    after: positionAfter(query.cursor),
    limit: query.limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, query.limit);
  return { rows: page, nextCursor };
}

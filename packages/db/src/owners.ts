/**
 * Owners as operators see them: their ids (what `PATCH /v1/owners/{id}` takes) and their limits. A null limit follows
 * the deployment's default; the API reads the row with the owner's token, so a change reaches the edge within the
 * token cache's window.
 */
import type { Owner, PrismaClient } from "./generated/prisma/client";

/** An owner without its webhook secrets. */
export type OwnerSummary = Pick<Owner, "id" | "name" | "rateLimitPerMinute" | "maxUnfinishedJobs" | "maxSchedules" | "createdAt">;

/** A change of limits: a number overrides the default, null goes back to it, a missing field stays as it is. */
export interface OwnerLimitsPatch {
  rateLimitPerMinute?: number | null;
  maxUnfinishedJobs?: number | null;
  maxSchedules?: number | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const select = { id: true, name: true, rateLimitPerMinute: true, maxUnfinishedJobs: true, maxSchedules: true, createdAt: true } as const;

/** Position after the last owner of a page: (createdAt, id), newest first. */
export interface OwnerCursor {
  createdAt: Date;
  id: string;
}

export function readOwnerPage(prisma: PrismaClient, query: { limit: number; after?: OwnerCursor }): Promise<OwnerSummary[]> {
  const { after } = query;
  return prisma.owner.findMany({
    where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    select,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
}

export async function findOwner(prisma: PrismaClient, id: string): Promise<OwnerSummary | null> {
  if (!uuidPattern.test(id)) return null;
  return prisma.owner.findUnique({ where: { id }, select });
}

/** Sets the owner's limits; the owner before and after, or null when there is no such owner. */
export async function setOwnerLimits(
  prisma: PrismaClient,
  id: string,
  patch: OwnerLimitsPatch,
): Promise<{ before: OwnerSummary; after: OwnerSummary } | null> {
  if (!uuidPattern.test(id)) return null;
  return prisma.$transaction(async (tx) => {
    // FOR UPDATE: two operators changing the same owner at once each see the other's change as their "before".
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM owners WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    const before = await tx.owner.findUniqueOrThrow({ where: { id }, select });
    const after = await tx.owner.update({ where: { id }, data: patch, select });
    return { before, after };
  });
}

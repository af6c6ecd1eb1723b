/**
 * The rows behind the entries the dashboard shows: a queue entry carries only the job's type, the row its owner,
 * payload and status, which the board shows beside it (board-display.ts). One query per answer, for its page of
 * entries.
 */
import { isJobId, normalJobId, type PrismaClient } from "@jobline/db";

export type BoardRowsDeps = { prisma: Pick<PrismaClient, "job"> };

/** What the board shows of a job's row. */
export interface ShownRow {
  owner: string;
  status: string;
  payload: unknown;
  /** The X-Request-Id of the request that submitted it, to find its log lines by. */
  requestId: string | null;
}

/** The rows of these entries' jobs by id; an entry that is not a job's (or whose row was swept) has none. */
export async function rowsOf(deps: BoardRowsDeps, entryIds: readonly string[]): Promise<Map<string, ShownRow>> {
  const ids = entryIds.filter(isJobId).map(normalJobId);
  if (ids.length === 0) return new Map();
  const rows = await deps.prisma.job.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, payload: true, requestId: true, owner: { select: { name: true } } },
  });
  return new Map(
    rows.map((row) => [row.id, { owner: row.owner.name, status: row.status, payload: row.payload, requestId: row.requestId }]),
  );
}

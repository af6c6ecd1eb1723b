/**
 * The figures every scenario reports and asserts, read from the rows: what became of the acknowledged jobs, and
 * how many of them ran more than once (each start is a `running` event on the job's timeline).
 */
import type { PrismaClient } from "@jobline/db";
import { waitFor } from "@jobline/testing";
import type { LoadResult } from "./load";

export interface Tally {
  scenario: string;
  submitted: number;
  acknowledged: number;
  completed: number;
  /** Acknowledged but not completed once the faults healed and the wait ran out. Must be 0. */
  lost: number;
  executedMoreThanOnce: number;
  /** Rows of submissions the client never heard back about (the API died before answering) that ran anyway. */
  unacknowledgedRan: number;
  seconds: number;
}

const settledStatuses = ["completed", "failed", "cancelled"] as const;

/** Waits (polling the rows) until every acknowledged job is finished, or `timeoutMs` passes; never throws. */
export async function waitUntilSettled(prisma: PrismaClient, ids: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    async () => (await prisma.job.count({ where: { id: { in: ids }, status: { in: [...settledStatuses] } } })) === ids.length,
    "every acknowledged job to finish",
    timeoutMs,
    100,
  ).catch(() => undefined);
}

export async function tally(prisma: PrismaClient, scenario: string, load: LoadResult, startedAt: number): Promise<Tally> {
  const ids = load.acknowledged;
  const completed = await prisma.job.count({ where: { id: { in: ids }, status: "completed" } });
  const [repeated] = await prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM (
      SELECT job_id FROM job_events WHERE status = 'running' AND job_id = ANY(${ids}::uuid[]) GROUP BY job_id HAVING count(*) > 1
    ) AS repeated`;
  const unacknowledgedRan = await prisma.job.count({ where: { id: { notIn: ids }, status: "completed" } });
  return {
    scenario,
    submitted: load.submitted,
    acknowledged: ids.length,
    completed,
    lost: ids.length - completed,
    executedMoreThanOnce: Number(repeated?.n ?? 0),
    unacknowledgedRan,
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
}

/** One line of the suite's table, written straight to stdout so it is not wrapped in jest's console framing. */
export function printTally(row: Tally, note = ""): void {
  const cells = [
    row.scenario,
    row.submitted,
    row.acknowledged,
    row.completed,
    row.lost,
    row.executedMoreThanOnce,
    row.unacknowledgedRan,
    `${row.seconds}s`,
    note,
  ];
  process.stdout.write(`FAULTS | ${cells.join(" | ")}\n`);
}

/** Helpers on the rows (the truth) and on the API, shared by the scenarios. */
import type { PrismaClient } from "@jobline/db";
import type { World } from "./world";

export const echoJob = { type: "demo.echo", payload: { n: 1 } };

/** Submits `count` demo.echo jobs through POST /v1/jobs/batch, `perRequest` at a time; returns their ids. */
export async function submitBatches(world: World, count: number, perRequest = 100): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += perRequest) {
    const size = Math.min(perRequest, count - done);
    const res = await fetch(`${world.baseUrl}/v1/jobs/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${world.token}`, "content-type": "application/json" },
      body: JSON.stringify({ jobs: Array.from({ length: size }, () => echoJob) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 202) throw new Error(`batch submit answered ${res.status}: ${await res.text()}`);
    ids.push(...((await res.json()) as { data: Array<{ id: string }> }).data.map((job) => job.id));
  }
  return ids;
}

export interface Counts {
  total: number;
  completed: number;
  /** failed or cancelled: none is expected from demo.echo. */
  unsuccessful: number;
}

export async function countJobs(prisma: PrismaClient): Promise<Counts> {
  const [row] = await prisma.$queryRaw<Array<{ total: bigint; completed: bigint; unsuccessful: bigint }>>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE status = 'completed') AS completed,
           count(*) FILTER (WHERE status IN ('failed', 'cancelled')) AS unsuccessful
    FROM jobs`;
  return { total: Number(row!.total), completed: Number(row!.completed), unsuccessful: Number(row!.unsuccessful) };
}

/**
 * Polls the counts every 100 ms until `expected` rows are completed (or one fails, or `limitMs` passes).
 * Returns the last counts and when (Date.now()) completion was first seen.
 */
export async function waitForCompleted(prisma: PrismaClient, expected: number, limitMs: number): Promise<{ counts: Counts; seenAt: number }> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const counts = await countJobs(prisma);
    if (counts.completed >= expected || counts.unsuccessful > 0 || Date.now() > deadline) return { counts, seenAt: Date.now() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Jobline under test: a stack (packages/testing) of the BUILT API and workers on a fresh database and Redis prefix,
 * and the reads of its rows, the truth the figures are taken from. Peak memory of every API and worker is noted
 * before the stack is torn down.
 */
import { startStack, type Stack, type StackOptions } from "@jobline/testing";
import { echoJob } from "./echo-job";
import { jsonClient } from "./http-client";
import { notePeakRss } from "./peak-rss";
import { settings } from "./settings";

export async function withJobline<T>(options: StackOptions, run: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack({
    owner: "bench",
    concurrency: settings.workerConcurrency,
    ...options,
    // The limits stay on (they are on the path measured) but far above what a run sends.
    apiEnv: { RATE_LIMIT_PER_MINUTE: "10000000", MAX_UNFINISHED_JOBS_PER_OWNER: "10000000", ...options.apiEnv },
  });
  try {
    return await run(stack);
  } finally {
    for (const api of stack.apis) notePeakRss("api", api.service.child.pid);
    for (const worker of stack.workers) notePeakRss("worker", worker.child.pid);
    await stack.teardown();
  }
}

/** Submits `count` demo.echo jobs through POST /v1/jobs/batch, `inFlight` requests at a time; returns their ids. */
export async function submitBatches(stack: Stack, count: number, inFlight = 2): Promise<string[]> {
  const client = jsonClient(stack.baseUrl(), stack.token);
  const ids: string[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const size = Math.min(settings.batch.size, count - next);
      next += size;
      const { status, body } = await client.request("POST", "/v1/jobs/batch", { jobs: Array.from({ length: size }, () => echoJob) });
      if (status !== 202) throw new Error(`batch submit answered ${status}: ${JSON.stringify(body).slice(0, 200)}`);
      ids.push(...(body as { data: Array<{ id: string }> }).data.map((job) => job.id));
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, lane));
  } finally {
    client.close();
  }
  return ids;
}

export interface Counts {
  total: number;
  completed: number;
  /** failed or cancelled: none is expected from demo.echo. */
  unsuccessful: number;
}

async function countJobs(stack: Stack): Promise<Counts> {
  const [row] = await stack.prisma.$queryRaw<Array<{ total: bigint; completed: bigint; unsuccessful: bigint }>>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE status = 'completed') AS completed,
           count(*) FILTER (WHERE status IN ('failed', 'cancelled')) AS unsuccessful
    FROM jobs`;
  return { total: Number(row!.total), completed: Number(row!.completed), unsuccessful: Number(row!.unsuccessful) };
}

/**
 * Polls every 250 ms (each poll is a count that competes with the worker for the 2 cores) until every row is
 * completed, one failed, or `limitMs` passed. Returns what went wrong, if anything.
 */
export async function waitForAllCompleted(stack: Stack, limitMs = settings.completionLimitMs): Promise<string[]> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const counts = await countJobs(stack);
    if (counts.unsuccessful > 0) return [`${counts.unsuccessful} jobs failed or were cancelled`];
    if (counts.completed === counts.total) return [];
    if (Date.now() > deadline)
      return [`${counts.total - counts.completed} of ${counts.total} jobs not completed within ${limitMs / 1000} s`];
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Seconds from the first job started to the last row written completed (`updated_at`: a row may be written behind its finish). */
export async function busySeconds(stack: Stack): Promise<number> {
  const [span] = await stack.prisma.$queryRaw<Array<{ first: Date | null; last: Date | null }>>`
    SELECT min(started_at) AS first, max(updated_at) AS last FROM jobs WHERE status = 'completed'`;
  return span?.first && span.last ? (span.last.getTime() - span.first.getTime()) / 1000 : Number.NaN;
}

/** Rows completed within [from, to] (Date.now() values), per second of that window. */
export async function completedPerSecond(stack: Stack, from: number, to: number): Promise<number> {
  const [row] = await stack.prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM jobs WHERE status = 'completed' AND finished_at BETWEEN ${new Date(from)} AND ${new Date(to)}`;
  return Number(row!.n) / ((to - from) / 1000);
}

/**
 * Milliseconds created → started and created → finished of the given jobs, from their rows, and each row's lag:
 * `finished_at` is when the handler returned, `updated_at` when the terminal row was written, so their difference is
 * how long the row trailed the attempt (near 0 where both are written in one statement as the handler returns).
 */
export async function rowLatencies(stack: Stack, ids: string[]): Promise<{ toStarted: number[]; toFinished: number[]; rowLag: number[] }> {
  const rows = await stack.prisma.$queryRaw<Array<{ created_at: Date; started_at: Date; finished_at: Date; updated_at: Date }>>`
    SELECT created_at, started_at, finished_at, updated_at FROM jobs WHERE status = 'completed' AND id = ANY(${ids}::uuid[])`;
  return {
    toStarted: rows.map((row) => row.started_at.getTime() - row.created_at.getTime()),
    toFinished: rows.map((row) => row.finished_at.getTime() - row.created_at.getTime()),
    rowLag: rows.map((row) => row.updated_at.getTime() - row.finished_at.getTime()),
  };
}

/**
 * In a run without faults every job starts exactly once: one `running` event on its timeline and `attempts = 1`
 * on its row. Returns the violations, as errors.
 */
export async function startedTwice(stack: Stack): Promise<string[]> {
  const [row] = await stack.prisma.$queryRaw<Array<{ events: bigint; attempts: bigint }>>`
    SELECT count(*) FILTER (WHERE coalesce(e.starts, 0) <> 1) AS events, count(*) FILTER (WHERE j.attempts <> 1) AS attempts
    FROM jobs j
    LEFT JOIN (SELECT job_id, count(*) AS starts FROM job_events WHERE status = 'running' GROUP BY job_id) e ON e.job_id = j.id`;
  return [
    Number(row!.events) > 0 ? `${row!.events} jobs without exactly one 'running' event` : "",
    Number(row!.attempts) > 0 ? `${row!.attempts} jobs with attempts ≠ 1` : "",
  ].filter((message) => message !== "");
}

/**
 * Scenario 1: 1,000 short jobs across two worker processes; one of them is killed with SIGKILL twice while it
 * runs jobs, and restarted each time. The jobs it held are moved back by BullMQ's stalled check (its locks stop
 * being renewed) and run again; every acknowledged job must end completed.
 */
import type { SpawnedService } from "@jobline/testing";
import { waitFor } from "@jobline/testing";
import { runLoad } from "./support/load";
import { printTally, tally, waitUntilSettled } from "./support/tally";
import { scenarioOnOwnRedis } from "./support/own-redis-scenario";

const scenario = scenarioOnOwnRedis();

const completedCount = (): Promise<number> => scenario.world.prisma.job.count({ where: { status: "completed" } });

/** Kills `worker` once `afterCompleted` jobs are done: with the load still flowing, it is then running jobs. */
async function crashMidRun(worker: SpawnedService, afterCompleted: number): Promise<void> {
  await waitFor(async () => (await completedCount()) >= afterCompleted, `${afterCompleted} completed jobs`, 60_000, 100);
  await worker.stop("SIGKILL");
}

test("1,000 jobs, two workers, one SIGKILLed twice mid-run: every acknowledged job completes", async () => {
  const started = Date.now();
  await scenario.world.startWorker({ name: "worker-a" });
  let b = await scenario.world.startWorker({ name: "worker-b" });

  const load = runLoad({
    baseUrl: scenario.world.baseUrl,
    token: scenario.world.token,
    count: 1000,
    perSecond: 400,
    concurrency: 8,
    body: (i) => ({ type: "demo.sleep", payload: { ms: 20 + ((i * 37) % 81) } }),
  });
  await crashMidRun(b, 200);
  const activeAtFirstCrash = await scenario.world.prisma.job.count({ where: { status: "running" } });
  b = await scenario.world.startWorker({ name: "worker-b (restarted)" });
  await crashMidRun(b, 600);
  b = await scenario.world.startWorker({ name: "worker-b (restarted again)" });
  const result = await load;
  await waitUntilSettled(scenario.world.prisma, result.acknowledged, 60_000);

  const row = await tally(scenario.world.prisma, "1 worker SIGKILL x2", result, started);
  printTally(row, `running at 1st kill: ${activeAtFirstCrash}; refused: ${JSON.stringify(result.refused)}`);
  expect(result.acknowledged).toHaveLength(1000);
  expect(row.lost).toBe(0);
  expect(row.completed).toBe(1000);
  // The kills hit running jobs (they ran again), and each row counts every start it had.
  expect(row.executedMoreThanOnce).toBeGreaterThan(0);
  const [dishonest] = await scenario.world.prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM jobs j
    WHERE j.attempts <> (SELECT count(*) FROM job_events e WHERE e.job_id = j.id AND e.status = 'running')`;
  expect(Number(dishonest?.n)).toBe(0);
});

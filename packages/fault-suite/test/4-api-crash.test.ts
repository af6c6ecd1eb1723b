/**
 * Scenario 4: the API process is SIGKILLed mid-load and restarted. Submissions in flight get no answer (the client
 * does not know whether they were accepted); every job that was answered 202 must still complete. A row written
 * just before the kill but never enqueued is found by the reconciler and runs (reported as "unacknowledged ran").
 */
import { waitFor } from "@jobline/testing";
import { runLoad } from "./support/load";
import { printTally, tally, waitUntilSettled } from "./support/tally";
import { scenarioOnOwnRedis } from "./support/own-redis-scenario";

const scenario = scenarioOnOwnRedis();

test("the API SIGKILLed and restarted mid-load: every acknowledged job completes", async () => {
  const started = Date.now();
  await scenario.world.startWorker({ name: "worker-a" });
  await scenario.world.startWorker({ name: "worker-b" });

  let acknowledged = 0;
  const load = runLoad({
    baseUrl: scenario.world.baseUrl,
    token: scenario.world.token,
    count: 300,
    perSecond: 60,
    concurrency: 6,
    body: (i) => ({ type: "demo.sleep", payload: { ms: 20 + ((i * 41) % 181) } }),
    onAnswer: (count) => (acknowledged = count),
  });
  await waitFor(async () => acknowledged >= 100, "100 acknowledged submissions", 30_000);
  await scenario.world.api().stop("SIGKILL");
  await scenario.world.startApi();
  const result = await load;
  await waitUntilSettled(scenario.world.prisma, result.acknowledged, 60_000);
  // Orphan rows (written, never enqueued) are picked up once they are older than the reconciler's grace.
  const rows = await scenario.world.prisma.job.count();
  await waitFor(
    async () => (await scenario.world.prisma.job.count({ where: { status: "completed" } })) === rows,
    "every row to complete",
    30_000,
    200,
  ).catch(() => undefined);

  const row = await tally(scenario.world.prisma, "4 API SIGKILL", result, started);
  printTally(row, `rows ${rows}; refused: ${JSON.stringify(result.refused)}`);
  expect(result.refused.network ?? 0).toBeGreaterThan(0);
  expect(row.lost).toBe(0);
  expect(row.completed).toBe(row.acknowledged);
});

/**
 * Scenario 2: Redis is killed (SIGKILL) while jobs are submitted and running, and started again on the same port
 * and directory. With `appendfsync always` every acknowledged write survives. Submissions while Redis is down are
 * answered 503 dependency-unavailable (the row is removed again: no 202 without a queue entry), never 500.
 * Workers reconnect; jobs whose completion could not reach Redis stall and are skipped on the next pickup,
 * because their rows already say completed.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "@jobline/testing";
import { runLoad } from "./support/load";
import { printTally, tally, waitUntilSettled } from "./support/tally";
import { scenarioOnOwnRedis } from "./support/own-redis-scenario";

const scenario = scenarioOnOwnRedis();

test("Redis killed and restarted mid-load: 503 while it is down, every acknowledged job completes", async () => {
  const started = Date.now();
  await scenario.world.startWorker({ name: "worker-a" });
  await scenario.world.startWorker({ name: "worker-b" });

  let acknowledged = 0;
  const load = runLoad({
    baseUrl: scenario.world.baseUrl,
    token: scenario.world.token,
    count: 300,
    perSecond: 30,
    concurrency: 6,
    body: (i) => ({ type: "demo.sleep", payload: { ms: 50 + ((i * 29) % 151) } }),
    onAnswer: (count) => (acknowledged = count),
  });
  await waitFor(async () => acknowledged >= 60, "60 acknowledged submissions", 30_000);
  await scenario.redis.kill("SIGKILL");
  const ackedBeforeRestart = acknowledged;
  // Down long enough for submissions to meet it (the load runs at 30 per second).
  await sleep(2000);
  await scenario.redis.start();
  const result = await load;
  await waitUntilSettled(scenario.world.prisma, result.acknowledged, 90_000);

  const row = await tally(scenario.world.prisma, "2 Redis SIGKILL+restart", result, started);
  printTally(
    row,
    `acknowledged after the restart: ${result.acknowledged.length - ackedBeforeRestart}; refused: ${JSON.stringify(result.refused)}`,
  );
  expect(result.refused["503"] ?? 0).toBeGreaterThan(0);
  expect(Object.keys(result.refused)).toEqual(["503"]);
  expect(Object.keys(result.problemTypes)).toEqual(["/problems/dependency-unavailable"]);
  // Refused submissions leave no row behind.
  expect(await scenario.world.prisma.job.count()).toBe(result.acknowledged.length);
  expect(row.lost).toBe(0);
  // Redis back, the API accepts again.
  expect(result.acknowledged.length).toBeGreaterThan(ackedBeforeRestart);
});

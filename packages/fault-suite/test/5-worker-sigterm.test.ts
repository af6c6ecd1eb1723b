/**
 * Scenario 5: SIGTERM to a busy worker. It stops taking jobs, lets the ones it runs finish (the grace period is
 * longer than any job here), exits 0, and the other worker does the rest: nothing lost, nothing run twice.
 */
import { waitFor } from "@jobline/testing";
import { runLoad } from "./support/load";
import { printTally, tally, waitUntilSettled } from "./support/tally";
import { scenarioOnOwnRedis } from "./support/own-redis-scenario";

const scenario = scenarioOnOwnRedis();

test("SIGTERM to a busy worker: its running jobs finish, it exits 0, nothing is lost", async () => {
  const started = Date.now();
  await scenario.world.startWorker({ name: "worker-a" });
  const b = await scenario.world.startWorker({ name: "worker-b", env: { WORKER_SHUTDOWN_GRACE_MS: "10000" } });

  const load = runLoad({
    baseUrl: scenario.world.baseUrl,
    token: scenario.world.token,
    count: 200,
    perSecond: 100,
    concurrency: 4,
    body: (i) => ({ type: "demo.sleep", payload: { ms: 200 + ((i * 53) % 400) } }),
  });
  await waitFor(
    async () => (await scenario.world.prisma.job.count({ where: { status: "completed" } })) >= 40,
    "40 completed jobs",
    60_000,
    100,
  );
  const runningAtSignal = await scenario.world.prisma.job.count({ where: { status: "running" } });
  const exitCode = await b.stop("SIGTERM", 20_000);
  const result = await load;
  await waitUntilSettled(scenario.world.prisma, result.acknowledged, 60_000);

  const row = await tally(scenario.world.prisma, "5 worker SIGTERM", result, started);
  printTally(row, `running at SIGTERM: ${runningAtSignal}; worker-b exit ${exitCode}`);
  expect(exitCode).toBe(0);
  expect(b.output()).not.toContain("shutdown grace ran out");
  expect(result.acknowledged).toHaveLength(200);
  expect(row.lost).toBe(0);
  // A graceful stop interrupts nothing: no job had to start again.
  expect(row.executedMoreThanOnce).toBe(0);
});

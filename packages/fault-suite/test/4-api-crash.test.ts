/**
 * Scenario 4: the API process is SIGKILLed mid-load and restarted. Submissions in flight get no answer (the client
 * does not know whether they were accepted); every job that was answered 202 must still complete. A row written
 * just before the kill but never enqueued is found by the reconciler and runs (reported as "unacknowledged ran").
 */
import { waitFor } from "@jobline/testing";
import { runLoad } from "./support/load";
import { startRedisServer, type RedisServer } from "./support/redis-server";
import { printTally, tally, waitUntilSettled } from "./support/tally";
import { createWorld, type World } from "./support/world";

let redis: RedisServer;
let world: World;

beforeAll(async () => {
  redis = await startRedisServer();
  world = await createWorld({ redis });
  await world.startApi();
});

afterAll(async () => {
  await world?.teardown();
  await redis?.destroy();
});

test("the API SIGKILLed and restarted mid-load: every acknowledged job completes", async () => {
  const started = Date.now();
  await world.startWorker("worker-a");
  await world.startWorker("worker-b");

  let acknowledged = 0;
  const load = runLoad({
    baseUrl: world.baseUrl,
    token: world.token,
    count: 300,
    perSecond: 60,
    concurrency: 6,
    body: (i) => ({ type: "demo.sleep", payload: { ms: 20 + ((i * 41) % 181) } }),
    onAnswer: (count) => (acknowledged = count),
  });
  await waitFor(async () => acknowledged >= 100, "100 acknowledged submissions", 30_000);
  await world.api().stop("SIGKILL");
  await world.startApi();
  const result = await load;
  await waitUntilSettled(world.prisma, result.acknowledged, 60_000);
  // Orphan rows (written, never enqueued) are picked up once they are older than the reconciler's grace.
  const rows = await world.prisma.job.count();
  await waitFor(async () => (await world.prisma.job.count({ where: { status: "completed" } })) === rows, "every row to complete", 30_000, 200).catch(
    () => undefined,
  );

  const row = await tally(world.prisma, "4 API SIGKILL", result, started);
  printTally(row, `rows ${rows}; refused: ${JSON.stringify(result.refused)}`);
  expect(result.refused.network ?? 0).toBeGreaterThan(0);
  expect(row.lost).toBe(0);
  expect(row.completed).toBe(row.acknowledged);
});

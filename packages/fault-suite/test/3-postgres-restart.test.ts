/**
 * Scenario 3: Postgres (a private server) is stopped in immediate mode, like a crash, while jobs are submitted and
 * running, and started again. Submissions meanwhile answer 503 dependency-unavailable. Workers picking up a job
 * hand it back to BullMQ, delayed, without spending an attempt; workers finishing a job keep retrying its status
 * write until Postgres answers, so no outcome is lost.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { startPostgresServer, startRedisServer, waitFor, type PostgresServer, type RedisServer } from "@jobline/testing";
import { runLoad } from "./support/load";
import { printTally, tally, waitUntilSettled } from "./support/tally";
import { createWorld, type World } from "./support/world";

let redis: RedisServer;
let postgres: PostgresServer;
let world: World;

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedisServer(), startPostgresServer()]);
  world = await createWorld({ redis, postgres });
  await world.startApi();
}, 60_000);

afterAll(async () => {
  await world?.teardown();
  await Promise.all([redis?.destroy(), postgres?.destroy()]);
});

test("Postgres stopped and restarted mid-load: 503 while it is down, every acknowledged job completes", async () => {
  const started = Date.now();
  const workers = [await world.startWorker({ name: "worker-a" }), await world.startWorker({ name: "worker-b" })];

  let acknowledged = 0;
  const load = runLoad({
    baseUrl: world.baseUrl,
    token: world.token,
    count: 300,
    perSecond: 40,
    concurrency: 6,
    body: (i) => ({ type: "demo.sleep", payload: { ms: 50 + ((i * 31) % 251) } }),
    onAnswer: (count) => (acknowledged = count),
  });
  await waitFor(async () => acknowledged >= 80, "80 acknowledged submissions", 30_000);
  const runningAtStop = await world.prisma.job.count({ where: { status: "running" } });
  await postgres.stop("immediate");
  await sleep(3000);
  await postgres.start();
  const result = await load;
  await waitUntilSettled(world.prisma, result.acknowledged, 90_000);

  const row = await tally(world.prisma, "3 Postgres stop+restart", result, started);
  const logged = (message: string): number => workers.reduce((sum, worker) => sum + worker.output().split(message).length - 1, 0);
  const deferred = logged("postgres unreachable at pickup");
  const retried = logged("retrying the status write");
  printTally(
    row,
    `running at stop: ${runningAtStop}; deferred pickups: ${deferred}; write retries: ${retried}; refused: ${JSON.stringify(result.refused)}`,
  );
  expect(result.refused["503"] ?? 0).toBeGreaterThan(0);
  expect(Object.keys(result.refused)).toEqual(["503"]);
  expect(Object.keys(result.problemTypes)).toEqual(["/problems/dependency-unavailable"]);
  expect(row.lost).toBe(0);
});

/**
 * The cap's count in Redis against its windows: jobs given back after their window expired, and Redis failing while
 * a new window is resynced from Postgres. Driven directly, on this run's database and Redis prefix.
 */
import type { Pool } from "@jobline/db";
import { createRedisConnection } from "@jobline/queues";
import { queuedJob, testRedisUrl } from "@jobline/testing";
import { randomUUID } from "node:crypto";
import { createUnfinishedJobsCap, type CapReservation } from "../../src/submit/unfinished-jobs-cap";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

/** A cap of its own (its own keys) and an owner with `unfinished` queued jobs in Postgres. */
async function capWithOwner(
  unfinished: number,
  connections: { redis: EngineHarness["deps"]["redis"]; pool: Pool; onRedisError(error: unknown): void } = {
    ...h.deps,
    onRedisError: () => undefined,
  },
) {
  const keyPrefix = `${h.prefix}:limits:unfinished-test:${randomUUID()}`;
  const cap = createUnfinishedJobsCap({ ...connections, keyPrefix, resyncSeconds: 60 });
  const owner = await h.deps.prisma.owner.create({ data: { name: `capped-${randomUUID()}`, webhookSecret: "test-secret" } });
  const jobs = Array.from({ length: unfinished }, () => queuedJob(owner.id));
  await h.deps.door.create([{ jobs }], async () => undefined);
  // Deleting the count is its window expiring, without waiting for it.
  const expireWindow = () => h.deps.redis.del(`${keyPrefix}:${owner.id}`);
  return { cap, ownerId: owner.id, expireWindow };
}

function reserved(reservation: CapReservation): Extract<CapReservation, { reserved: true }> {
  if (!reservation.reserved) throw new Error(`expected room, refused at ${reservation.count}`);
  return reservation;
}

test("jobs given back after their window expired do not count the next window from below zero", async () => {
  const { cap, ownerId, expireWindow } = await capWithOwner(2);
  const slow = reserved(await cap.reserve(ownerId, 3, 1));
  await expireWindow();

  await slow.release();

  expect(await cap.reserve(ownerId, 2, 1)).toMatchObject({ reserved: false, count: 2 });
});

test("jobs given back from an expired window never take the next window below its Postgres count", async () => {
  const { cap, ownerId, expireWindow } = await capWithOwner(2);
  const slow = reserved(await cap.reserve(ownerId, 1000, 500));
  await expireWindow();
  reserved(await cap.reserve(ownerId, 3, 1));

  await slow.release();

  expect(await cap.reserve(ownerId, 2, 1)).toMatchObject({ reserved: false, count: 2 });
});

test("Redis going away while a window is resynced reserves the room and reports the error (fails open)", async () => {
  const redis = createRedisConnection(testRedisUrl, { blocking: false });
  // Redis drops between the count in Redis and the resync: while Postgres counts.
  const pool = { query: (...args: Parameters<Pool["query"]>) => (redis.disconnect(), h.deps.pool.query(...args)) } as unknown as Pool;
  const reported: unknown[] = [];
  const { cap, ownerId } = await capWithOwner(2, { redis, pool, onRedisError: (error) => reported.push(error) });
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));

  const reservation = await cap.reserve(ownerId, 1, 1).finally(() => redis.disconnect());

  expect(reservation.reserved).toBe(true);
  expect(reported).toEqual([expect.any(Error)]);
});

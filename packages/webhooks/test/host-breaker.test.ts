import { createRedisConnection } from "@jobline/queues";
import { deleteQueuePrefix, testRedisUrl, uniqueQueuePrefix } from "@jobline/testing";
import type { Redis } from "ioredis";
import { createHostBreaker, type HostBreaker } from "../src/host-breaker";

const coolDownMs = 30_000;
const probeLeaseMs = 15_000;
let prefix: string;
let redis: Redis;
let breaker: HostBreaker;
/** A second worker's view of the same breaker. */
let other: HostBreaker;

beforeAll(() => {
  prefix = uniqueQueuePrefix();
  redis = createRedisConnection(testRedisUrl, { blocking: true });
  const options = { redis, keyPrefix: `${prefix}:webhooks:host`, failures: 3, coolDownMs, probeLeaseMs };
  breaker = createHostBreaker(options);
  other = createHostBreaker(options);
});

afterAll(async () => {
  redis.disconnect();
  await deleteQueuePrefix(prefix);
});

async function fail(host: string, times: number, now: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.record(host, false, now);
}

test("a host is let through until its failures in a row reach the threshold", async () => {
  await fail("below.example", 2, 1000);
  expect(await breaker.admit("below.example", 1000)).toBeNull();
});

test("a success resets the count of failures in a row", async () => {
  await fail("flaky.example", 2, 1000);
  await breaker.record("flaky.example", true, 1000);
  await fail("flaky.example", 2, 1000);
  expect(await breaker.admit("flaky.example", 1000)).toBeNull();
});

test("at the threshold the host is open until the cool-down ends, for every worker", async () => {
  await fail("down.example", 3, 1000);
  expect(await breaker.admit("down.example", 2000)).toBe(1000 + coolDownMs);
  expect(await other.admit("down.example", 2000)).toBe(1000 + coolDownMs);
});

test("after the cool-down one probe goes through and the others wait for it", async () => {
  await fail("probed.example", 3, 1000);
  const later = 1000 + coolDownMs;
  expect(await breaker.admit("probed.example", later)).toBeNull();
  expect(await other.admit("probed.example", later + 1)).toBe(later + probeLeaseMs);
});

test("a probe's success closes the breaker", async () => {
  await fail("recovered.example", 3, 1000);
  const later = 1000 + coolDownMs;
  await breaker.admit("recovered.example", later);
  await breaker.record("recovered.example", true, later);
  expect(await other.admit("recovered.example", later + 1)).toBeNull();
});

test("a probe's failure opens the breaker for another cool-down", async () => {
  await fail("still-down.example", 3, 1000);
  const later = 1000 + coolDownMs;
  await breaker.admit("still-down.example", later);
  await breaker.record("still-down.example", false, later);
  expect(await other.admit("still-down.example", later + 1)).toBe(later + coolDownMs);
});

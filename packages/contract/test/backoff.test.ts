import { backoffDelay, type BackoffPolicy } from "../src";

const policy: BackoffPolicy = { type: "exponential", delayMs: 1000, maxDelayMs: 60_000, jitter: 0 };

test("without jitter the delay doubles with each failed attempt", () => {
  expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy))).toEqual([1000, 2000, 4000, 8000]);
});

test("the delay never exceeds maxDelayMs", () => {
  expect(backoffDelay(30, policy)).toBe(60_000);
});

test("jitter randomises the given share of the delay, downwards only", () => {
  const halfJitter = { ...policy, jitter: 0.5 };

  expect(backoffDelay(3, halfJitter, () => 0)).toBe(2000);
  expect(backoffDelay(3, halfJitter, () => 0.5)).toBe(3000);
  expect(backoffDelay(3, halfJitter, () => 0.999999)).toBe(4000);
});

test("full jitter spreads a burst of retries over the whole window", () => {
  const full = { ...policy, jitter: 1 };
  const delays = [0, 0.25, 0.5, 0.75].map((r) => backoffDelay(2, full, () => r));

  expect(delays).toEqual([0, 500, 1000, 1500]);
});

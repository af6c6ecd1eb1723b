import { webhookBackoff } from "../src/webhook-sender";

test("the retry delay is the configured one, then doubles per failed attempt", () => {
  expect([1, 2, 3, 4].map((attemptsMade) => webhookBackoff(5000, attemptsMade))).toEqual([5000, 10_000, 20_000, 40_000]);
});

test("the retry delay never exceeds an hour", () => {
  expect(webhookBackoff(5000, 30)).toBe(60 * 60 * 1000);
});

import { jobCatalogue, jobTypes } from "@jobline/contract";
import type { MinimalJob } from "bullmq";
import { joblineBackoff } from "../../src/queue-workers";

const strategy = joblineBackoff(jobCatalogue({ demoJobs: true }));
const entry = (type: string) => ({ data: { type, payload: {} } }) as unknown as MinimalJob;

describe("the jobline backoff strategy", () => {
  it("follows the job type's policy: doubling from delayMs, capped, within the jitter band", async () => {
    const { delayMs, maxDelayMs, jitter } = jobTypes["demo.fail"].defaults.backoff; // 50 ms, 1 s, 0.5
    for (const [attemptsMade, full] of [
      [1, delayMs],
      [2, delayMs * 2],
      [3, delayMs * 4],
      [10, maxDelayMs],
    ] as const) {
      const delay = await strategy(attemptsMade, "jobline", new Error("x"), entry("demo.fail"));
      expect(delay).toBeGreaterThanOrEqual(Math.floor(full * (1 - jitter)));
      expect(delay).toBeLessThanOrEqual(full);
    }
  });

  it("uses the standard policy for a type it does not know", async () => {
    const delay = await strategy(1, "jobline", new Error("x"), entry("no.such-type"));
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
  });
});

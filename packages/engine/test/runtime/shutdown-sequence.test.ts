import { silentLog } from "@jobline/testing";
import { createShutdown } from "../../src/runtime/shutdown-sequence";

describe("the shutdown sequence", () => {
  it("runs every step in order, carries on past a failure, and reports it", async () => {
    const ran: string[] = [];
    const errors: unknown[] = [];
    const shutdown = createShutdown(
      [
        { name: "a", run: async () => void ran.push("a") },
        { name: "b", run: async () => Promise.reject(new Error("b broke")) },
        { name: "c", run: async () => void ran.push("c") },
      ],
      { ...silentLog, error: (details: unknown) => void errors.push(details) },
    );
    await expect(shutdown()).resolves.toBe(false);
    expect(ran).toEqual(["a", "c"]);
    expect(errors).toEqual([expect.objectContaining({ step: "b" })]);
  });

  it("gives up on a step that hangs and still runs the rest", async () => {
    const ran: string[] = [];
    const failed: unknown[] = [];
    const shutdown = createShutdown(
      [
        { name: "hangs", run: () => new Promise(() => undefined), timeoutMs: 10 },
        { name: "after", run: async () => void ran.push("after") },
      ],
      { ...silentLog, error: (details: unknown) => void failed.push(details) },
    );
    await expect(shutdown()).resolves.toBe(false);
    expect(ran).toEqual(["after"]);
    expect(failed).toEqual([
      expect.objectContaining({ step: "hangs", err: expect.objectContaining({ message: "did not finish within 10 ms" }) }),
    ]);
  });

  it("is memoised: a second call gets the same promise and runs nothing again", async () => {
    let runs = 0;
    const shutdown = createShutdown([{ name: "only", run: async () => void (runs += 1) }], silentLog);
    const first = shutdown();
    expect(shutdown()).toBe(first);
    await expect(first).resolves.toBe(true);
    expect(runs).toBe(1);
  });

  it("gives a step that needs Redis a short timeout, and other steps their own", async () => {
    const failed: string[] = [];
    const shutdown = createShutdown(
      [
        { name: "needs redis", run: () => new Promise(() => undefined), needsRedis: true, timeoutMs: 60_000 },
        { name: "postgres", run: async () => undefined, needsRedis: false },
      ],
      { ...silentLog, error: (details: unknown) => void failed.push((details as { step: string }).step) },
      { redisReachable: () => false },
    );
    const started = Date.now();
    await expect(shutdown()).resolves.toBe(false);
    expect(failed).toEqual(["needs redis"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

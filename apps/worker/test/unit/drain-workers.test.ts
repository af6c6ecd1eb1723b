import { silentLog } from "@jobline/testing";
import { drainWorkers } from "../../src/drain-workers";

describe("draining the queue workers", () => {
  it("drains without interrupting when workers close within the grace", async () => {
    let interrupted = false;
    await drainWorkers([{ close: async () => undefined }], {
      graceMs: 1000,
      afterInterruptMs: 1000,
      interrupt: () => (interrupted = true),
      logger: silentLog,
    });
    expect(interrupted).toBe(false);
  });

  it("interrupts running attempts when the grace runs out, then waits for the close", async () => {
    let release: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (release = resolve));
    let interrupted = false;
    await drainWorkers([{ close: () => closed }], {
      graceMs: 10,
      afterInterruptMs: 1000,
      interrupt: () => {
        interrupted = true;
        release();
      },
      logger: silentLog,
    });
    expect(interrupted).toBe(true);
  });

  it("fails the step when workers still do not stop after the interrupt", async () => {
    await expect(
      drainWorkers([{ close: () => new Promise<void>(() => undefined) }], {
        graceMs: 5,
        afterInterruptMs: 5,
        interrupt: () => undefined,
        logger: silentLog,
      }),
    ).rejects.toThrow(/did not stop/);
  });
});

describe("draining while Redis is unreachable", () => {
  const hangs = { close: () => new Promise<void>(() => undefined) };

  it("ends the drain once no attempt runs, without waiting for the grace", async () => {
    const started = Date.now();
    await drainWorkers([hangs], {
      graceMs: 60_000,
      afterInterruptMs: 1000,
      interrupt: () => undefined,
      logger: silentLog,
      running: () => 0,
      redisReachable: () => false,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps waiting for a running attempt, interrupts it after the grace, and ends once it stopped", async () => {
    let interrupted = false;
    let running = 1;
    const drained = drainWorkers([hangs], {
      graceMs: 50,
      afterInterruptMs: 5000,
      interrupt: () => {
        interrupted = true;
        running = 0;
      },
      logger: silentLog,
      running: () => running,
      redisReachable: () => false,
    });
    await drained;
    expect(interrupted).toBe(true);
  });
});

import { createProgressReporter, type Clock } from "../../src/progress-reporter";

/** A clock the test moves by hand: timers fire only inside advance(). */
function fakeClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => {
      nextId += 1;
      timers.set(nextId, { at: now + ms, run });
      return nextId;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = async (ms: number): Promise<void> => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
      await settle();
    }
    now = end;
    await settle();
  };
  return { clock, advance, pendingTimers: () => timers.size };
}

/** Lets resolved promises run their callbacks (no time passes). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(options: { failWith?: Error; manual?: boolean } = {}) {
  const { clock, advance, pendingTimers } = fakeClock();
  const writes: number[] = [];
  const writeTimes: number[] = [];
  const errors: unknown[] = [];
  const releases: Array<() => void> = [];
  const reporter = createProgressReporter({
    intervalMs: 250,
    clock,
    onError: (error) => errors.push(error),
    write: async (value) => {
      writes.push(value);
      writeTimes.push(clock.now());
      if (options.manual) await new Promise<void>((resolve) => releases.push(resolve));
      if (options.failWith) throw options.failWith;
    },
  });
  return { reporter, writes, writeTimes, errors, releases, advance, pendingTimers };
}

describe("throttled progress reporter", () => {
  it("writes the first value at once", async () => {
    const { reporter, writes } = setup();
    reporter.report(10);
    await settle();
    expect(writes).toEqual([10]);
  });

  it("coalesces values inside the interval and writes the newest when it ends", async () => {
    const { reporter, writes, advance } = setup();
    reporter.report(1);
    await settle();
    reporter.report(2);
    reporter.report(3);
    reporter.report(4);
    await advance(249);
    expect(writes).toEqual([1]);
    await advance(1);
    expect(writes).toEqual([1, 4]);
  });

  it("never writes more than once per interval, whatever the report rate", async () => {
    const { reporter, writes, writeTimes, advance } = setup();
    for (let ms = 0; ms < 1000; ms += 10) {
      reporter.report(ms / 10);
      await advance(10);
    }
    // A report every 10 ms for 1 s: writes at t=0, 250, 500, 750, 1000, each with the newest value at that moment.
    expect(writeTimes).toEqual([0, 250, 500, 750, 1000]);
    expect(writes).toEqual([0, 24, 49, 74, 99]);
  });

  it("does not make the caller wait for a slow write, and keeps one write in flight at a time", async () => {
    const { reporter, writes, releases, advance } = setup({ manual: true });
    reporter.report(10);
    await settle();
    reporter.report(20);
    await advance(1000);
    expect(writes).toEqual([10]);
    releases.shift()!();
    await settle();
    // The interval has long passed, so the queued value goes out as soon as the slow write ends.
    expect(writes).toEqual([10, 20]);
  });

  it("swallows write failures, reports them, and keeps writing later values", async () => {
    const failure = new Error("postgres is down");
    const { reporter, writes, errors, advance } = setup({ failWith: failure });
    reporter.report(10);
    await settle();
    reporter.report(20);
    await advance(250);
    expect(writes).toEqual([10, 20]);
    expect(errors).toEqual([failure, failure]);
  });

  it("flush writes the last unwritten value at once, then ignores further reports", async () => {
    const { reporter, writes, pendingTimers } = setup();
    reporter.report(10);
    await settle();
    reporter.report(55);
    expect(pendingTimers()).toBe(1);
    await reporter.flush();
    expect(writes).toEqual([10, 55]);
    expect(pendingTimers()).toBe(0);
    reporter.report(80);
    await settle();
    expect(writes).toEqual([10, 55]);
  });

  it("flush waits for a write in flight and does not repeat it", async () => {
    const { reporter, writes, releases } = setup({ manual: true });
    reporter.report(10);
    await settle();
    let flushed = false;
    const flushing = reporter.flush().then(() => (flushed = true));
    await settle();
    expect(flushed).toBe(false);
    releases.shift()!();
    await flushing;
    expect(writes).toEqual([10]);
  });

  it("clamps to 0..100, ignores NaN and repeated values", async () => {
    const { reporter, writes, advance } = setup();
    reporter.report(150);
    await settle();
    reporter.report(Number.NaN);
    reporter.report(100);
    await advance(300);
    reporter.report(-5);
    await advance(300);
    expect(writes).toEqual([100, 0]);
  });
});

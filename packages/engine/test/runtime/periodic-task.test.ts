import { startPeriodicTask } from "../../src/runtime/periodic-task";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test("a call while a run is in progress joins it instead of starting another", async () => {
  const gate = deferred();
  let runs = 0;
  const task = startPeriodicTask({ intervalMs: 0, run: async () => ((runs += 1), await gate.promise, runs), onError: () => undefined });
  const first = task.runOnce();
  const second = task.runOnce();
  gate.resolve();
  expect(await Promise.all([first, second])).toEqual([1, 1]);
  expect(await task.runOnce()).toBe(2);
});

test("a failed run is reported, not thrown, and the next one runs", async () => {
  const errors: unknown[] = [];
  let fail = true;
  const task = startPeriodicTask({
    intervalMs: 0,
    run: async () => {
      if (fail) throw new Error("postgres is away");
      return "done";
    },
    onError: (error) => errors.push(error),
  });
  expect(await task.runOnce()).toBeUndefined();
  expect(errors).toEqual([expect.objectContaining({ message: "postgres is away" })]);
  fail = false;
  expect(await task.runOnce()).toBe("done");
});

test("stop aborts the running run's signal, waits for it, and nothing runs after", async () => {
  let aborted = false;
  const task = startPeriodicTask({
    intervalMs: 0,
    run: (signal) => new Promise<string>((resolve) => signal.addEventListener("abort", () => ((aborted = true), resolve("stopped")))),
    onError: () => undefined,
  });
  const running = task.runOnce();
  await task.stop();
  expect(aborted).toBe(true);
  expect(await running).toBe("stopped");
  expect(await task.runOnce()).toBeUndefined();
});

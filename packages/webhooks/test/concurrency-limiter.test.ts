import { ConcurrencyLimiter } from "../src/concurrency-limiter";

/** A task the test finishes by hand. */
function heldTask() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

test("never runs more than its limit at once, and starts the next as one settles", async () => {
  const limiter = new ConcurrencyLimiter(2);
  const tasks = Array.from({ length: 5 }, heldTask);
  let running = 0;
  let mostAtOnce = 0;
  const started: number[] = [];
  const results = tasks.map((task, index) =>
    limiter.run(async () => {
      started.push(index);
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await task.done;
      running--;
    }),
  );

  await Promise.resolve();
  expect(started).toEqual([0, 1]);
  for (const task of tasks) {
    task.finish();
    await new Promise(setImmediate);
  }
  await Promise.all(results);

  expect(started).toEqual([0, 1, 2, 3, 4]);
  expect(mostAtOnce).toBe(2);
});

test("a waiter whose signal aborts leaves the queue and its task never runs", async () => {
  const limiter = new ConcurrencyLimiter(1);
  const first = heldTask();
  const running = limiter.run(() => first.done);
  const abort = new AbortController();
  let ran = false;
  const waiting = limiter.run(async () => void (ran = true), abort.signal);

  abort.abort(new Error("gave up"));

  await expect(waiting).rejects.toThrow("gave up");
  first.finish();
  await running;
  await expect(limiter.run(async () => "next")).resolves.toBe("next");
  expect(ran).toBe(false);
});

test("a task that fails gives its slot back", async () => {
  const limiter = new ConcurrencyLimiter(1);

  await expect(limiter.run(() => Promise.reject(new Error("no answer")))).rejects.toThrow("no answer");
  await expect(limiter.run(async () => "next")).resolves.toBe("next");
});

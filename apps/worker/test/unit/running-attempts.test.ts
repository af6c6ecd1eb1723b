import type { AttemptJob } from "../../src/lifecycle";
import { trackRunning, type AttemptCancel } from "../../src/running-attempts";

const job = (id: string): AttemptJob => ({ id }) as AttemptJob;

it("counts an attempt while it runs, and no longer once it settled, however it ended", async () => {
  let finish: () => void = () => undefined;
  const attempts = [new Promise<undefined>((resolve) => (finish = () => resolve(undefined))), Promise.reject(new Error("failed"))];
  const running = trackRunning(() => attempts.shift()!);

  const first = running.processor(job("a"));
  const second = running.processor(job("b"));
  expect(running.count()).toBe(2);
  await expect(second).rejects.toThrow("failed");
  expect(running.count()).toBe(1);
  finish();
  await first;
  expect(running.count()).toBe(0);
});

it("hands a cancel to the running attempt of its job only, with its reason, while it runs", async () => {
  let finish: () => void = () => undefined;
  const cancels: AttemptCancel[] = [];
  const running = trackRunning((_job, _token, cancel) => {
    cancels.push(cancel);
    return new Promise((resolve) => (finish = () => resolve(undefined)));
  });
  const attempt = running.processor(job("a"));
  let heard = 0;
  cancels[0]!.listener = () => (heard += 1);

  expect(running.cancel("b", "not running here")).toBe(false);
  expect(running.cancel("a", "by the operator")).toBe(true);
  expect(running.cancel("a", "again")).toBe(true);
  expect(cancels[0]).toMatchObject({ requested: true, reason: "by the operator" });
  expect(heard).toBe(1);
  finish();
  await attempt;
  expect(running.cancel("a")).toBe(false);
});

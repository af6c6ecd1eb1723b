/**
 * An open-loop rate generator: call i starts at start + i / rate whatever the earlier calls are doing, like a
 * steady stream of independent clients. A closed loop (N clients each waiting for its answer) would slow down with
 * the server and hide its queueing delay. Calls that fall due together (timers fire late) start together.
 */
import { setTimeout as sleep } from "node:timers/promises";

export interface Paced<T> {
  outcomes: Array<PromiseSettledResult<T>>;
  /** Calls started per second: the intervals between the first and the last start. */
  sentPerSecond: number;
}

export async function paced<T>(perSecond: number, count: number, call: (index: number) => Promise<T>): Promise<Paced<T>> {
  const calls: Array<Promise<T>> = [];
  const started = performance.now();
  while (calls.length < count) {
    const now = performance.now();
    while (calls.length < count && started + (calls.length * 1000) / perSecond <= now) calls.push(call(calls.length));
    if (calls.length < count) await sleep(Math.max(0, started + (calls.length * 1000) / perSecond - performance.now()));
  }
  const sendingSeconds = (performance.now() - started) / 1000;
  const outcomes = await Promise.allSettled(calls);
  return { outcomes, sentPerSecond: sendingSeconds > 0 ? (count - 1) / sendingSeconds : perSecond };
}

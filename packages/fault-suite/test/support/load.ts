/**
 * A bounded load generator: `count` submissions to the API on 127.0.0.1, paced at `perSecond`, at most
 * `concurrency` in flight, each with a time limit. It records what a client would know: which jobs were
 * acknowledged (202) and how every other attempt was answered. It never retries: an unanswered submission is
 * the client's to repeat (with an Idempotency-Key), and is not counted as acknowledged.
 */
import { setTimeout as sleep } from "node:timers/promises";

export interface LoadResult {
  submitted: number;
  /** Ids of the jobs answered 202. */
  acknowledged: string[];
  /** How the others were answered: an HTTP status, or "network" (refused, reset, timed out). */
  refused: Record<string, number>;
  /** Problem types of the non-202 HTTP answers. */
  problemTypes: Record<string, number>;
}

export interface LoadOptions {
  baseUrl(): string;
  token: string;
  count: number;
  perSecond: number;
  concurrency: number;
  body(index: number): unknown;
  /** Called after each answer, with how many were acknowledged so far. */
  onAnswer?(acknowledged: number): void;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { submitted: 0, acknowledged: [], refused: {}, problemTypes: {} };
  const started = Date.now();
  let next = 0;
  const submitOne = async (index: number): Promise<void> => {
    result.submitted += 1;
    try {
      const res = await fetch(`${options.baseUrl()}/v1/jobs`, {
        method: "POST",
        headers: { Authorization: `Bearer ${options.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(options.body(index)),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await res.json()) as { id?: string; type?: string };
      if (res.status === 202 && body.id) result.acknowledged.push(body.id);
      else {
        bump(result.refused, String(res.status));
        bump(result.problemTypes, String(body.type));
      }
    } catch {
      bump(result.refused, "network");
    }
    options.onAnswer?.(result.acknowledged.length);
  };
  const lane = async (): Promise<void> => {
    for (let index = next++; index < options.count; index = next++) {
      const due = started + (index * 1000) / options.perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      await submitOne(index);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return result;
}

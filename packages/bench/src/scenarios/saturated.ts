/**
 * Saturated end to end: submissions over HTTP as fast as 50 connections go, with workers running the jobs at once;
 * the figure is rows completed per second during the measured seconds, beside what the lean endpoint accepts.
 * Then scale-out: 2 APIs (the connections split between them) and 4 workers beside 1 + 1 of the same run. On two
 * cores the total may well not rise; what must hold is that every job completes and, with no faults, none starts
 * twice (checked on the rows and their timelines, for both runs).
 */
import { number } from "../format";
import { runHttpLoad } from "../http-load";
import { echoJob } from "../echo-job";
import { completedPerSecond, startedTwice, waitForAllCompleted, withJobline } from "../jobline";
import { leanSubmitLoad } from "../lean/lean-endpoint";
import type { Row } from "../result";
import { settings } from "../settings";

interface Saturated {
  completedPerSecond: number;
  acceptedPerSecond: number;
  errors: string[];
}

function saturate(apis: number, workers: number): Promise<Saturated> {
  const { connections, seconds } = settings.http;
  return withJobline({ apis, workers }, async (stack) => {
    const urls = stack.apis.map((api) => `${api.baseUrl}/v1/jobs`);
    const load = await runHttpLoad({ urls, method: "POST", token: stack.token, body: echoJob, connections, seconds });
    const completed = await completedPerSecond(stack, load.startedAt, load.endedAt);
    const errors = [...load.errors, ...(await waitForAllCompleted(stack))];
    errors.push(...(await startedTwice(stack)));
    return { completedPerSecond: completed, acceptedPerSecond: load.perSecond, errors };
  });
}

export async function saturated(): Promise<Row[]> {
  const { connections, seconds } = settings.http;
  const { apis, workers } = settings.scaleOut;
  const c = settings.workerConcurrency;
  const lean = await leanSubmitLoad();
  const single = await saturate(1, 1);
  const scaled = await saturate(apis, workers);
  const load = `POST /v1/jobs, ${connections} connections, ${seconds} s after a warm-up`;
  return [
    {
      scenario: "saturated end to end",
      setup: `${load}; 1 API + 1 worker (concurrency ${c}); accepted ${number(single.acceptedPerSecond)} req/s meanwhile; ${single.errors.length === 0 ? "every job started exactly once" : "see the errors"}`,
      jobline: { value: single.completedPerSecond, unit: "jobs/s" },
      reference: { value: lean.perSecond, unit: "req/s", what: "lean endpoint, accepting only" },
      target: { kind: "ratio-at-least", value: 1 },
      errors: [...single.errors, ...lean.errors.map((e) => `lean endpoint: ${e}`)],
    },
    {
      scenario: `scale-out: ${apis} APIs + ${workers} workers`,
      setup: `${load}, split between the APIs; workers at concurrency ${c}; accepted ${number(scaled.acceptedPerSecond)} req/s; ${scaled.errors.length === 0 ? "every job started exactly once" : "see the errors"}`,
      jobline: { value: scaled.completedPerSecond, unit: "jobs/s" },
      reference: { value: single.completedPerSecond, unit: "jobs/s", what: "1 API + 1 worker, same run" },
      target: { kind: "none", note: "none: on 2 cores the total may not rise; nothing may break" },
      errors: scaled.errors,
    },
  ];
}

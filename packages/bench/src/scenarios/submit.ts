/**
 * 1. Submit throughput: POST /v1/jobs with no worker running, so what is measured is the API's own path
 * (token check, validation, a transaction inserting the row and its first event, then Queue.add) and nothing
 * competes with it but the load generator.
 */
import { httpErrors, runHttpLoad } from "../http-load";
import { echoJob } from "../jobs";
import { ms, perSecond, type ScenarioResult } from "../result";
import { createWorld } from "../world";

const connections = 50;
const seconds = 10;

export async function submitThroughput(): Promise<ScenarioResult> {
  const world = await createWorld();
  try {
    const load = await runHttpLoad({ url: `${world.baseUrl}/v1/jobs`, method: "POST", token: world.token, body: echoJob, connections, seconds });
    return {
      scenario: "1. Submit `POST /v1/jobs`",
      setup: `${connections} connections, ${seconds} s (after 2 s warm-up), no worker; ${load.ok.toLocaleString("en-US")} × 202`,
      throughput: perSecond(load.perSecond, "req"),
      latency: `p50 ${ms(load.p50)}, p99 ${ms(load.p99)}`,
      comparedWith: "lean node:http + pg INSERT + Queue.add: ~4.7k req/s, p50 10 ms, p99 20 ms",
      errors: httpErrors(load),
    };
  } finally {
    await world.teardown();
  }
}

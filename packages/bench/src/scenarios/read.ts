/**
 * 5. Read path: GET /v1/jobs/{id} of one existing job. With one token, every request after the first is a token
 * cache hit (TOKEN_CACHE_MS default), so this is Express, the cache, and one primary-key read of the row.
 */
import { httpErrors, runHttpLoad } from "../http-load";
import { submitBatches } from "../jobs";
import { ms, perSecond, type ScenarioResult } from "../result";
import { createWorld } from "../world";

const connections = 50;
const seconds = 5;

export async function readPath(): Promise<ScenarioResult> {
  const world = await createWorld();
  try {
    const [id] = await submitBatches(world, 1);
    const load = await runHttpLoad({ url: `${world.baseUrl}/v1/jobs/${id}`, token: world.token, connections, seconds });
    return {
      scenario: "5. Read `GET /v1/jobs/{id}`",
      setup: `${connections} connections, ${seconds} s (after 2 s warm-up), one job, one token`,
      throughput: perSecond(load.perSecond, "req"),
      latency: `p50 ${ms(load.p50)}, p99 ${ms(load.p99)}`,
      comparedWith: "no read figure; the lean submit endpoint (INSERT + add) does ~4.7k req/s",
      errors: httpErrors(load),
    };
  } finally {
    await world.teardown();
  }
}

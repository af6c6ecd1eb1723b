/**
 * 2. Batch submit: POST /v1/jobs/batch with 100 jobs a request. One transaction (createManyAndReturn of the rows,
 * createMany of their events) and one addBulk per request, so the per-request costs are shared by 100 jobs.
 * Fewer connections than scenario 1: 10 × 100 = 1,000 jobs in flight is already more than 50 single submits.
 */
import { httpErrors, runHttpLoad } from "../http-load";
import { echoJob } from "../jobs";
import { ms, perSecond, type ScenarioResult } from "../result";
import { createWorld } from "../world";

const jobsPerRequest = 100;
const connections = 10;
const seconds = 10;

export async function batchSubmit(): Promise<ScenarioResult> {
  const world = await createWorld();
  try {
    const body = { jobs: Array.from({ length: jobsPerRequest }, () => echoJob) };
    const load = await runHttpLoad({ url: `${world.baseUrl}/v1/jobs/batch`, method: "POST", token: world.token, body, connections, seconds });
    return {
      scenario: "2. Batch submit `POST /v1/jobs/batch`",
      setup: `${jobsPerRequest} jobs/request, ${connections} connections, ${seconds} s (after 2 s warm-up), no worker; ${(load.ok * jobsPerRequest).toLocaleString("en-US")} jobs`,
      throughput: `${perSecond(load.perSecond * jobsPerRequest, "jobs")} (${perSecond(load.perSecond, "req")})`,
      latency: `per request p50 ${ms(load.p50)}, p99 ${ms(load.p99)}`,
      comparedWith: "raw BullMQ add: ~40k jobs/s (50 in flight)",
      errors: httpErrors(load),
    };
  } finally {
    await world.teardown();
  }
}

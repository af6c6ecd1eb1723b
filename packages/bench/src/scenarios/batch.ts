/**
 * Batch: POST /v1/jobs/batch with the largest batch the API takes (500, or its limit if lower), beside raw
 * BullMQ `addBulk` of the same size with as many requests in flight. No worker runs.
 */
import { figure } from "../format";
import { runHttpLoad } from "../http-load";
import { echoJob } from "../echo-job";
import { withJobline } from "../jobline";
import { rawAddBulk } from "../raw/raw-bullmq";
import type { Row } from "../result";
import { settings } from "../settings";

export async function batch(): Promise<Row[]> {
  const { size, wantedSize, inFlight, rawSeconds } = settings.batch;
  const seconds = settings.http.seconds;
  const raw = await rawAddBulk({ size, inFlight, seconds: rawSeconds });
  const body = { jobs: Array.from({ length: size }, () => echoJob) };
  const jobline = await withJobline({ apis: 1 }, (stack) =>
    runHttpLoad({ urls: [`${stack.baseUrl()}/v1/jobs/batch`], method: "POST", token: stack.token, body, connections: inFlight, seconds }),
  );
  const limitNote = size < wantedSize ? ` (the API's limit; ${wantedSize} asked for)` : "";
  const setup = `${size} demo.echo jobs per request${limitNote}, ${inFlight} requests in flight, ${seconds} s after a warm-up, no worker`;
  return [
    {
      scenario: "batch: answer time per request (p50)",
      setup: `${setup}; p99 ${figure(jobline.p99, "ms")}; reference: one addBulk call`,
      jobline: { value: jobline.p50, unit: "ms" },
      reference: { value: raw.p50, unit: "ms", what: "raw BullMQ addBulk" },
      target: { kind: "at-most", value: 100 },
      errors: jobline.errors,
    },
    {
      scenario: "batch: throughput",
      setup: `${setup}; ${(jobline.ok * size).toLocaleString("en-US")} jobs accepted`,
      jobline: { value: jobline.perSecond * size, unit: "jobs/s" },
      reference: { value: raw.jobsPerSecond, unit: "jobs/s", what: `raw BullMQ addBulk, ${size}/bulk, ${inFlight} in flight` },
      target: { kind: "ratio-at-least", value: 0.5 },
      errors: [],
    },
  ];
}

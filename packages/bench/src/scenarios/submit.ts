/**
 * Submit: POST /v1/jobs with no worker running, so what is measured is the API's own path (token check,
 * validation, the row and its first event, Queue.add), beside the lean endpoint doing the least of the same, and
 * beside raw BullMQ `add` alone (what Redis takes, with nothing in front of it).
 */
import { figure } from "../format";
import { runHttpLoad } from "../http-load";
import { echoJob } from "../echo-job";
import { withJobline } from "../jobline";
import { leanSubmitLoad } from "../lean/lean-endpoint";
import { rawAdd } from "../raw/raw-bullmq";
import { noTarget, type Row } from "../result";
import { settings } from "../settings";

export async function submit(): Promise<Row[]> {
  const { connections, seconds } = settings.http;
  const lean = await leanSubmitLoad();
  const raw = await rawAdd(settings.rawAdd);
  const jobline = await withJobline({ apis: 1 }, (stack) =>
    runHttpLoad({ urls: [`${stack.baseUrl()}/v1/jobs`], method: "POST", token: stack.token, body: echoJob, connections, seconds }),
  );
  const setup = `POST /v1/jobs demo.echo, ${connections} connections, ${seconds} s after a ${settings.http.warmupSeconds} s warm-up, no worker`;
  const errors = [...jobline.errors, ...lean.errors.map((e) => `lean endpoint: ${e}`)];
  return [
    {
      scenario: "submit: throughput",
      setup: `${setup}; ${jobline.ok.toLocaleString("en-US")} × 202`,
      jobline: { value: jobline.perSecond, unit: "req/s" },
      reference: { value: lean.perSecond, unit: "req/s", what: "lean endpoint" },
      target: { kind: "ratio-at-least", value: 1 },
      errors,
    },
    {
      scenario: "submit: p99 latency",
      setup: `same load; p50 ${figure(jobline.p50, "ms")} vs lean ${figure(lean.p50, "ms")}`,
      jobline: { value: jobline.p99, unit: "ms" },
      reference: { value: lean.p99, unit: "ms", what: "lean endpoint" },
      target: { kind: "ratio-at-most", value: 2 },
      errors: [],
    },
    {
      scenario: "submit: throughput vs the queue alone",
      setup: `same load; raw Queue.add with ${settings.rawAdd.inFlight} in flight for ${settings.rawAdd.seconds} s`,
      jobline: { value: jobline.perSecond, unit: "req/s" },
      reference: { value: raw.jobsPerSecond, unit: "jobs/s", what: "raw BullMQ add" },
      target: noTarget,
      errors: [],
    },
  ];
}

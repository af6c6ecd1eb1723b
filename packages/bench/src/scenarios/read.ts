/**
 * Read path: GET /v1/jobs/{id} of one job and GET /v1/jobs?limit=20 over a page of jobs, 50 connections each,
 * beside what the lean endpoint accepts in the same run (there is no lean read: a read should cost no more than
 * an INSERT and a queue add). One token: after the first request every check is a token cache hit.
 */
import { runHttpLoad } from "../http-load";
import { submitBatches, withJobline } from "../jobline";
import { leanSubmitLoad } from "../lean/lean-endpoint";
import type { Row } from "../result";
import { settings } from "../settings";

export async function read(): Promise<Row[]> {
  const { connections } = settings.http;
  const seconds = settings.readSeconds;
  const lean = await leanSubmitLoad();
  const [one, list] = await withJobline({ apis: 1 }, async (stack) => {
    const [id] = await submitBatches(stack, 100, 1);
    const get = (path: string) => runHttpLoad({ urls: [`${stack.baseUrl()}${path}`], token: stack.token, connections, seconds });
    return [await get(`/v1/jobs/${id}`), await get("/v1/jobs?limit=20")];
  });
  const reference = { value: lean.perSecond, unit: "req/s", what: "lean endpoint, POST" } as const;
  const setup = `${connections} connections, ${seconds} s after a warm-up, 100 jobs in the database`;
  return [
    {
      scenario: "read: GET /v1/jobs/{id}",
      setup: `${setup}, the same job each time`,
      jobline: { value: one.perSecond, unit: "req/s" },
      reference,
      target: { kind: "ratio-at-least", value: 1 },
      errors: [...one.errors, ...lean.errors.map((e) => `lean endpoint: ${e}`)],
    },
    {
      scenario: "read: GET /v1/jobs?limit=20",
      setup: `${setup}, the first page each time`,
      jobline: { value: list.perSecond, unit: "req/s" },
      reference,
      target: { kind: "ratio-at-least", value: 1 },
      errors: list.errors,
    },
  ];
}

import { createJobline, RateLimitedError, UnavailableError } from "../src";
import { parseRetryAfter } from "../src/retry-policy";
import { problem, startLocalServer, type LocalServer } from "./support/local-server";

const job = { id: "0b9a1c9e-0000-4000-8000-000000000000", type: "demo.echo", status: "queued" };
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function answerOk(res: import("node:http").ServerResponse): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify(job));
}

test("a GET answered 503 with Retry-After is sent again once that time has passed", async () => {
  server = await startLocalServer((_req, res, count) => (count === 1 ? problem(res, 503, { "Retry-After": "1" }) : answerOk(res)));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  await expect(jobline.jobs.get(job.id)).resolves.toMatchObject({ id: job.id });

  expect(server.requests).toHaveLength(2);
  expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
});

test("a POST without an idempotency key is not sent again after a 503: it may have been done", async () => {
  server = await startLocalServer((_req, res) => problem(res, 503, { "Retry-After": "0" }));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  await expect(jobline.jobs.create("demo.echo", {})).rejects.toBeInstanceOf(UnavailableError);
  expect(server.requests).toHaveLength(1);
});

test("a POST with an idempotency key is sent again after a 503, with the same key", async () => {
  server = await startLocalServer((_req, res, count) => (count === 1 ? problem(res, 503, { "Retry-After": "0" }) : answerOk(res)));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  await jobline.jobs.create("demo.echo", {}, { idempotencyKey: "order-42" });

  expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["order-42", "order-42"]);
});

test("a 429 is sent again even for a POST: the API refused it before doing anything", async () => {
  server = await startLocalServer((_req, res, count) => (count === 1 ? problem(res, 429, { "Retry-After": "0" }) : answerOk(res)));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  await expect(jobline.jobs.create("demo.echo", {})).resolves.toMatchObject({ id: job.id });
  expect(server.requests).toHaveLength(2);
});

test("with retry: false a 429 is a RateLimitedError carrying Retry-After", async () => {
  server = await startLocalServer((_req, res) => problem(res, 429, { "Retry-After": "7" }));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test", retry: false });

  await expect(jobline.jobs.get(job.id)).rejects.toEqual(expect.objectContaining({ name: "RateLimitedError", retryAfterMs: 7000 }));
  await expect(jobline.jobs.get(job.id)).rejects.toBeInstanceOf(RateLimitedError);
});

test("the attempts are bounded: the last answer's error is thrown", async () => {
  server = await startLocalServer((_req, res) => problem(res, 503, { "Retry-After": "0" }));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test", retry: { attempts: 3, maxDelayMs: 10 } });

  await expect(jobline.jobs.get(job.id)).rejects.toBeInstanceOf(UnavailableError);
  expect(server.requests).toHaveLength(3);
});

test("a Retry-After longer than maxDelayMs waits only maxDelayMs", async () => {
  server = await startLocalServer((_req, res, count) => (count === 1 ? problem(res, 503, { "Retry-After": "3600" }) : answerOk(res)));
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test", retry: { attempts: 2, maxDelayMs: 50 } });

  await expect(jobline.jobs.get(job.id)).resolves.toMatchObject({ id: job.id });
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  const now = Date.parse("2026-11-22T17:00:00Z");

  expect(parseRetryAfter("120", now)).toBe(120_000);
  expect(parseRetryAfter("Sun, 22 Nov 2026 17:00:30 GMT", now)).toBe(30_000);
  expect(parseRetryAfter("soon", now)).toBeNull();
  expect(parseRetryAfter(null, now)).toBeNull();
});

test("an answer that is not a problem document still becomes a typed error", async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(502, { "Content-Type": "text/html" });
    res.end("<html>bad gateway</html>");
  });
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test", retry: false });

  await expect(jobline.jobs.get(job.id)).rejects.toEqual(expect.objectContaining({ name: "UnavailableError", status: 502, problem: null }));
});

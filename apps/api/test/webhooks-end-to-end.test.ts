/**
 * Webhooks through the whole deployment: the built API and worker as processes, a receiver in this test. A job's
 * terminal status is POSTed, signed with the owner's secret, retried on failure, and every attempt is in the log.
 */
import { deliveryHeader, signatureHeader, verifyWebhook } from "@jobline/contract";
import { startStack, startWebhookReceiver, waitFor, type ReceiverAnswer, type Stack, type WebhookReceiver } from "@jobline/testing";

let stack: Stack;
let receiver: WebhookReceiver;
let secret: string;

/** Per path, the answers to its first requests in order; 200 after them. */
const scripts: Record<string, ReceiverAnswer[]> = {
  "/flaky": [{ status: 500 }, { status: 500 }],
  "/flaky-log": [{ status: 500 }, { status: 500 }],
  "/redirect": [{ status: 302, headers: { Location: "/redirected" } }],
  "/slow": ["hang"],
  "/down": [{ status: 503 }, { status: 503 }, { status: 503 }],
};

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.baseUrl()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${stack.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await call("POST", "/v1/jobs", body);
  expect(res.status).toBe(202);
  return res.body.id as string;
}

/** The delivery log once its delivery is decided (no `pending` entry left). */
async function settledLog(jobId: string): Promise<any[]> {
  return waitFor(async () => {
    const { body } = await call("GET", `/v1/jobs/${jobId}/deliveries`);
    return body.data.length > 0 && body.data.every((entry: any) => entry.status !== "pending") ? (body.data as any[]) : undefined;
  }, `job ${jobId}'s deliveries to be decided`);
}

beforeAll(async () => {
  receiver = await startWebhookReceiver((path, nth) => scripts[path]?.[nth - 1]);
  stack = await startStack({
    apis: 1,
    workers: 1,
    workerEnv: { WEBHOOK_RETRY_DELAY_MS: "50", WEBHOOK_MAX_ATTEMPTS: "3", WEBHOOK_TIMEOUT_MS: "500" },
  });
  secret = (await call("GET", "/v1/webhook-secret")).body.secret;
}, 90_000);

afterAll(async () => {
  await stack?.teardown();
  await receiver?.close();
}, 60_000);

test("a completed job's webhook is retried after two 500s, with the same delivery id and body, each attempt signed", async () => {
  const jobId = await submit({ type: "demo.echo", payload: { n: 1 }, callbackUrl: receiver.url("/flaky") });

  const requests = await receiver.waitForRequests("/flaky", 3);

  expect(new Set(requests.map((r) => r.headers[deliveryHeader.toLowerCase()])).size).toBe(1);
  expect(new Set(requests.map((r) => r.body)).size).toBe(1);
  for (const r of requests) expect(await verifyWebhook(r.body, r.headers[signatureHeader.toLowerCase()] as string, secret)).toBe(true);
  expect(requests[0]!.headers["content-type"]).toBe("application/json");
  expect(requests[0]!.headers["user-agent"]).toMatch(/^Jobline-Webhooks\//);
  expect(JSON.parse(requests[0]!.body)).toMatchObject({
    event: "job.completed",
    job: { id: jobId, status: "completed", result: { n: 1 } },
  });
});

test("the delivery log shows each attempt with its answer and duration", async () => {
  const jobId = await submit({ type: "demo.echo", payload: {}, callbackUrl: receiver.url("/flaky-log") });

  const log = await settledLog(jobId);

  expect(log).toEqual(
    [1, 2, 3].map((attempt) => ({
      id: expect.any(String),
      event: "job.completed",
      url: receiver.url("/flaky-log"),
      attempt,
      status: attempt < 3 ? "failed" : "succeeded",
      responseStatus: attempt < 3 ? 500 : 200,
      durationMs: expect.any(Number),
      error: attempt < 3 ? "the receiver answered 500" : null,
      createdAt: expect.any(String),
    })),
  );
}, 30_000);

test("a job that fails for good sends job.failed with its error", async () => {
  const jobId = await submit({ type: "demo.fail", payload: { failTimes: 1, retryable: false }, callbackUrl: receiver.url("/failed") });

  const [request] = await receiver.waitForRequests("/failed", 1);

  expect(JSON.parse(request!.body)).toMatchObject({ event: "job.failed", job: { id: jobId, status: "failed", error: { attempt: 1 } } });
});

test("a job cancelled through the API sends job.cancelled", async () => {
  const jobId = await submit({ type: "demo.echo", payload: {}, delayMs: 60_000, callbackUrl: receiver.url("/cancelled") });
  expect((await call("POST", `/v1/jobs/${jobId}/cancel`)).status).toBe(200);

  const [request] = await receiver.waitForRequests("/cancelled", 1);

  expect(JSON.parse(request!.body)).toMatchObject({ event: "job.cancelled", job: { id: jobId, status: "cancelled" } });
});

test("a redirect is not followed: the 3xx is a failed attempt", async () => {
  const jobId = await submit({ type: "demo.echo", payload: {}, callbackUrl: receiver.url("/redirect") });

  const log = await settledLog(jobId);

  expect(log[0]).toMatchObject({ attempt: 1, status: "failed", responseStatus: 302 });
  expect(receiver.requests("/redirected")).toEqual([]);
}, 30_000);

test("a receiver that does not answer in time is recorded as a timeout", async () => {
  const jobId = await submit({ type: "demo.echo", payload: {}, callbackUrl: receiver.url("/slow") });

  const log = await settledLog(jobId);

  expect(log[0]).toMatchObject({ attempt: 1, status: "failed", responseStatus: null, error: expect.stringContaining("timed out") });
  expect(log.at(-1)).toMatchObject({ status: "succeeded" });
}, 30_000);

test("after the last attempt fails the delivery is failed, with every attempt recorded", async () => {
  const jobId = await submit({ type: "demo.echo", payload: {}, callbackUrl: receiver.url("/down") });

  const log = await settledLog(jobId);

  expect(log.map((entry) => [entry.attempt, entry.status, entry.responseStatus])).toEqual([
    [1, "failed", 503],
    [2, "failed", 503],
    [3, "failed", 503],
  ]);
}, 30_000);

test("after a rotation a delivery carries both signatures, each verifying with its own secret", async () => {
  const rotated = await call("POST", "/v1/webhook-secret/rotate");
  expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  await submit({ type: "demo.echo", payload: {}, callbackUrl: receiver.url("/rotated") });

  const [request] = await receiver.waitForRequests("/rotated", 1);
  const header = request!.headers[signatureHeader.toLowerCase()] as string;

  expect(header.match(/v1=/g)).toHaveLength(2);
  expect(await verifyWebhook(request!.body, header, rotated.body.secret)).toBe(true);
  expect(await verifyWebhook(request!.body, header, secret)).toBe(true);
  secret = rotated.body.secret;
});

test("a job without a callback URL has no deliveries", async () => {
  const jobId = await submit({ type: "demo.echo", payload: {} });
  await waitFor(async () => (await call("GET", `/v1/jobs/${jobId}`)).body.status === "completed", "the job to complete");

  expect((await call("GET", `/v1/jobs/${jobId}/deliveries`)).body).toEqual({ data: [] });
});

/**
 * Limits are shared by every API process through Redis: two built API processes (and a worker) on one Redis count
 * one rate and one cap per owner, whichever process a request reaches.
 */
import { createApiKey } from "@jobline/db";
import { startStack, type Stack } from "@jobline/testing";

let stack: Stack;
let admin: string;

beforeAll(async () => {
  // No token cache: an owner's new limits apply from the next request (otherwise within TOKEN_CACHE_MS).
  stack = await startStack({ apis: 2, workers: 1, apiEnv: { TOKEN_CACHE_MS: "0" } });
  admin = (await createApiKey(stack.prisma, { owner: "ops", scopes: ["admin"] })).token;
}, 90_000);

afterAll(() => stack?.teardown(), 60_000);

async function call(base: string, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function newOwner(name: string, limits: object): Promise<string> {
  const [first] = stack.apis.map((api) => api.baseUrl);
  const created = (await (
    await call(first!, admin, "POST", "/v1/tokens", { owner: name, scopes: ["jobs:read", "jobs:write"] })
  ).json()) as { token: string; owner: { id: string } };
  expect((await call(first!, admin, "PATCH", `/v1/owners/${created.owner.id}`, limits)).status).toBe(200);
  return created.token;
}

test("one request rate per owner across both API processes", async () => {
  const token = await newOwner("rated", { rateLimitPerMinute: 4 });
  const [first, second] = stack.apis.map((api) => api.baseUrl);

  const statuses = [];
  for (const base of [first!, second!, first!, second!]) statuses.push((await call(base, token, "GET", "/v1/jobs")).status);
  const refused = await call(first!, token, "GET", "/v1/jobs");
  const refusedToo = await call(second!, token, "GET", "/v1/jobs");

  expect(statuses).toEqual([200, 200, 200, 200]);
  expect([refused.status, refusedToo.status]).toEqual([429, 429]);
  expect(Number(refusedToo.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(refusedToo.headers.get("ratelimit-remaining")).toBe("0");
}, 30_000);

test("one cap on unfinished jobs per owner across both API processes", async () => {
  const token = await newOwner("capped", { maxUnfinishedJobs: 2 });
  const [first, second] = stack.apis.map((api) => api.baseUrl);
  const later = { type: "demo.echo", payload: {}, delayMs: 600_000 };

  expect((await call(first!, token, "POST", "/v1/jobs", later)).status).toBe(202);
  expect((await call(second!, token, "POST", "/v1/jobs", later)).status).toBe(202);

  expect((await call(first!, token, "POST", "/v1/jobs", later)).status).toBe(429);
  expect((await call(second!, token, "POST", "/v1/jobs", later)).status).toBe(429);
}, 30_000);

test("jobs a worker finishes give their room back", async () => {
  const token = await newOwner("worked", { maxUnfinishedJobs: 2 });
  const [first, second] = stack.apis.map((api) => api.baseUrl);
  const batch = await call(first!, token, "POST", "/v1/jobs/batch", { jobs: [1, 2].map(() => ({ type: "demo.echo", payload: {} })) });
  expect(batch.status).toBe(202);

  // Completed by the worker, then counted again from Postgres within the resync interval: poll until then.
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await call(second!, token, "POST", "/v1/jobs/batch", { jobs: [1, 2].map(() => ({ type: "demo.echo", payload: {} })) }))
      .status;
    if (status !== 429) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe(202);
}, 30_000);

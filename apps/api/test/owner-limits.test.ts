/**
 * Owners and their limits (admin), and the limits at the edge: the per-owner request rate with its RateLimit-*
 * headers and the cap on unfinished jobs, each answering 429 with Retry-After past it.
 */
import { createRedisConnection } from "@jobline/queues";
import { createEdgeLimits } from "../src/limits/edge-limits";
import { defaultLimits, startApiHarness, type ApiHarness } from "./support/api-harness";
import { callerAs } from "./support/caller";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const as = (token: string, app = h.app) => callerAs(app, token);

async function ownerWithToken(name: string): Promise<{ token: string; ownerId: string }> {
  const created = await as(h.tokens.admin).post("/v1/tokens", { owner: name, scopes: ["jobs:read", "jobs:write"] });
  return { token: created.body.token, ownerId: created.body.owner.id };
}

/** Calls the app with its limits on a Redis that does not answer (the queues keep the test's own). */
async function withLimitsOnDeadRedis<T>(call: (app: ApiHarness["app"]) => PromiseLike<T>): Promise<T> {
  const deadRedis = createRedisConnection("redis://127.0.0.1:1", { blocking: false });
  deadRedis.on("error", () => undefined);
  try {
    const limits = createEdgeLimits({
      redis: deadRedis,
      pool: h.pool,
      prefix: h.prefix,
      defaults: defaultLimits,
      onRedisError: () => undefined,
    });
    return await call(h.variant({ limits }));
  } finally {
    deadRedis.disconnect();
  }
}

const echo = (delayMs = 60_000) => ({ type: "demo.echo", payload: {}, delayMs });

describe("owners", () => {
  test("GET /v1/owners lists owners with their overrides and the limits in force", async () => {
    const { ownerId } = await ownerWithToken("listed");
    const res = await as(h.tokens.admin).get("/v1/owners?limit=100");

    expect(res.status).toBe(200);
    expect(res.body.data.find((owner: { id: string }) => owner.id === ownerId)).toEqual({
      id: ownerId,
      name: "listed",
      rateLimitPerMinute: null,
      maxUnfinishedJobs: null,
      maxSchedules: null,
      effective: defaultLimits,
      createdAt: expect.any(String),
    });
  });

  test("PATCH sets a limit, null goes back to the default, and each change is audited with before and after", async () => {
    const { ownerId } = await ownerWithToken("patched");

    const set = await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 10 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      rateLimitPerMinute: 10,
      maxUnfinishedJobs: null,
      effective: { rateLimitPerMinute: 10, maxUnfinishedJobs: defaultLimits.maxUnfinishedJobs },
    });
    const reset = await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: null });
    expect(reset.body).toMatchObject({ rateLimitPerMinute: null, effective: defaultLimits });

    const audit = (await as(h.tokens.admin).get("/v1/audit?action=owner.limits")).body.data.filter(
      (e: { target: string }) => e.target === ownerId,
    );
    expect(audit.map((e: { detail: unknown }) => e.detail)).toEqual([
      {
        owner: "patched",
        before: { rateLimitPerMinute: 10, maxUnfinishedJobs: null, maxSchedules: null },
        after: { rateLimitPerMinute: null, maxUnfinishedJobs: null, maxSchedules: null },
      },
      {
        owner: "patched",
        before: { rateLimitPerMinute: null, maxUnfinishedJobs: null, maxSchedules: null },
        after: { rateLimitPerMinute: 10, maxUnfinishedJobs: null, maxSchedules: null },
      },
    ]);
  });

  test("an unknown owner is a 404, an empty or unknown field a 422, and a non-admin a 403", async () => {
    expect((await as(h.tokens.admin).patch("/v1/owners/00000000-0000-4000-8000-000000000000", { maxUnfinishedJobs: 1 })).status).toBe(404);
    expect((await as(h.tokens.admin).get("/v1/owners/nope")).status).toBe(404);
    const { ownerId } = await ownerWithToken("validated");
    expect((await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, {})).status).toBe(422);
    expect((await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 0 })).status).toBe(422);
    expect((await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { burst: 5 })).status).toBe(422);
    expect((await as(h.tokens.writer).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 5 })).status).toBe(403);
    expect((await as(h.tokens.writer).get("/v1/owners")).status).toBe(403);
  });
});

describe("request rate", () => {
  test("every answer to an authenticated request carries RateLimit-Limit, -Remaining and -Reset, errors included", async () => {
    const { token } = await ownerWithToken("headers");
    const ok = await as(token).get("/v1/jobs");
    const notFound = await as(token).get("/v1/jobs/00000000-0000-4000-8000-000000000000");

    expect(ok.headers["ratelimit-limit"]).toBe(String(defaultLimits.rateLimitPerMinute));
    expect(ok.headers["ratelimit-remaining"]).toBe(String(defaultLimits.rateLimitPerMinute - 1));
    expect(Number(ok.headers["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
    expect(Number(ok.headers["ratelimit-reset"])).toBeLessThanOrEqual(60);
    expect(notFound.status).toBe(404);
    expect(notFound.headers["ratelimit-remaining"]).toBe(String(defaultLimits.rateLimitPerMinute - 2));
  });

  test("an owner's lowered rate takes effect: past it a 429 problem with Retry-After", async () => {
    const { token, ownerId } = await ownerWithToken("throttled");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 2 });

    expect((await as(token).get("/v1/jobs")).status).toBe(200);
    expect((await as(token).get("/v1/jobs")).status).toBe(200);
    const refused = await as(token).get("/v1/jobs");

    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: "/problems/rate-limited", status: 429 });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(refused.headers).toMatchObject({ "ratelimit-limit": "2", "ratelimit-remaining": "0" });
  });

  test("owners are counted apart: one owner's 429 does not touch another's requests", async () => {
    const { token, ownerId } = await ownerWithToken("noisy");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 1 });
    await as(token).get("/v1/jobs");
    expect((await as(token).get("/v1/jobs")).status).toBe(429);

    expect((await as(h.tokens.otherOwner).get("/v1/jobs")).status).toBe(200);
  });

  test("with Redis away the limits fail open: requests are answered, with the headers, not a 500", async () => {
    const res = await withLimitsOnDeadRedis((app) => as(h.tokens.reader, app).get("/v1/jobs"));

    expect(res.status).toBe(200);
    expect(res.headers["ratelimit-remaining"]).toBe(String(defaultLimits.rateLimitPerMinute - 1));
  });
});

describe("a submission's rate and cap, taken in one round trip", () => {
  test("a submission counts on the same rate as the owner's other requests, with the headers", async () => {
    const { token } = await ownerWithToken("shared-rate");
    const remaining = async (pending: PromiseLike<{ headers: Record<string, string> }>) =>
      Number((await pending).headers["ratelimit-remaining"]);

    const first = await remaining(as(token).get("/v1/jobs"));
    expect(await remaining(as(token).post("/v1/jobs", echo()))).toBe(first - 1);
    expect(await remaining(as(token).post("/v1/jobs/batch", { jobs: [echo(), echo()] }))).toBe(first - 2);
    expect(await remaining(as(token).get("/v1/jobs"))).toBe(first - 3);
  });

  test("a submission past the rate is a 429 rate-limited and takes no room under the cap", async () => {
    const { token, ownerId } = await ownerWithToken("rate-before-cap");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 1, maxUnfinishedJobs: 1 });
    await as(token).get("/v1/jobs");

    const refused = await as(token).post("/v1/jobs", echo());
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: "/problems/rate-limited" });
    expect(refused.headers).toMatchObject({ "ratelimit-limit": "1", "ratelimit-remaining": "0" });

    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 100 });
    expect((await as(token).post("/v1/jobs", echo())).status).toBe(202);
  });

  test("a submission refused before its admission still counts on the rate, and past the rate the 429 wins", async () => {
    const { token, ownerId } = await ownerWithToken("invalid-counted");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { rateLimitPerMinute: 2 });
    const invalid = () => as(token).post("/v1/jobs", { type: "demo.echo", payload: {}, priority: "high" });

    const first = await invalid();
    expect(first.status).toBe(422);
    expect(first.headers["ratelimit-remaining"]).toBe("1");
    const notJson = await as(token).post("/v1/jobs").set("Content-Type", "application/json").send("{");
    expect(notJson.status).toBe(400);
    expect(notJson.headers["ratelimit-remaining"]).toBe("0");
    const refused = await invalid();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ type: "/problems/rate-limited" });
  });

  test("with Redis away for the limits a submission is answered as the separate checks would: the rate from memory, the cap open", async () => {
    const res = await withLimitsOnDeadRedis((app) => as(h.tokens.writer, app).post("/v1/jobs", echo()));

    expect(res.status).toBe(202);
    expect(res.headers["ratelimit-remaining"]).toBe(String(defaultLimits.rateLimitPerMinute - 1));
  });
});

describe("cap on unfinished jobs", () => {
  test("a batch counts all its jobs: one that would pass the cap is refused whole with a 429", async () => {
    const { token, ownerId } = await ownerWithToken("capped");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxUnfinishedJobs: 3 });

    const tooMany = await as(token).post("/v1/jobs/batch", { jobs: [echo(), echo(), echo(), echo()] });
    expect(tooMany.status).toBe(429);
    expect(tooMany.body).toMatchObject({ type: "/problems/too-many-unfinished-jobs", status: 429 });
    expect(Number(tooMany.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    expect((await as(token).post("/v1/jobs/batch", { jobs: [echo(), echo(), echo()] })).status).toBe(202);
    expect((await as(token).post("/v1/jobs", echo())).status).toBe(429);
    expect((await as(token).get("/v1/jobs")).body.data).toHaveLength(3);
  });

  test("the cap frees up when jobs finish", async () => {
    const { token, ownerId } = await ownerWithToken("freed");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxUnfinishedJobs: 1 });
    const first = await as(token).post("/v1/jobs", echo());
    expect((await as(token).post("/v1/jobs", echo())).status).toBe(429);

    await as(token).post(`/v1/jobs/${first.body.id}/cancel`);

    // The count is taken again from Postgres within the resync interval (2 s): poll until then.
    const deadline = Date.now() + 10_000;
    let status = 429;
    while (status === 429 && Date.now() < deadline) {
      status = (await as(token).post("/v1/jobs", echo())).status;
      if (status === 429) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(202);
  });

  test("jobs that existed before the count started are counted (the resync reads Postgres)", async () => {
    const { token, ownerId } = await ownerWithToken("preexisting");
    for (let i = 0; i < 2; i++) await as(token).post("/v1/jobs", echo());
    await h.redis.del(`${h.prefix}:limits:unfinished:${ownerId}`);
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxUnfinishedJobs: 2 });

    expect((await as(token).post("/v1/jobs", echo())).status).toBe(429);
  });

  test("a replayed Idempotency-Key creates nothing and takes no room", async () => {
    const { token, ownerId } = await ownerWithToken("replayer");
    await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxUnfinishedJobs: 2 });
    const send = () => as(token).post("/v1/jobs", echo()).set("Idempotency-Key", "once");
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(200);

    expect((await as(token).post("/v1/jobs", echo())).status).toBe(202);
  });
});

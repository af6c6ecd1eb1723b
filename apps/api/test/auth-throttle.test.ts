/**
 * Failed authentication is throttled per client address (and per dashboard user name), through Redis: past the
 * allowed failures, unknown tokens and wrong passwords get a 429 with Retry-After before any lookup, while a token
 * this API has verified, and the operator's right password, still get in.
 */
import type { AppDeps } from "../src/app";
import type { TokenVerifier } from "../src/auth/token-verifier";
import { createAuthFailures } from "../src/limits/auth-failures";
import request from "supertest";
import { boardCredentials, startApiHarness, type ApiHarness } from "./support/api-harness";

const settings = { failuresPerWindow: 5, windowSeconds: 60, blockSeconds: 120 };

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

let run = 0;
/** An app with a throttle of its own (a fresh key prefix), and a count of the token lookups it makes. */
function throttledApp(trustProxy: AppDeps["config"]["trustProxy"] = false) {
  const lookups = { count: 0 };
  const verifier: TokenVerifier = {
    ...h.verifier,
    verify: (token) => {
      lookups.count += 1;
      return h.verifier.verify(token);
    },
  };
  const authFailures = createAuthFailures(h.redis, `${h.prefix}:auth-test-${++run}`, settings);
  return { app: h.variant({ verifier, authFailures, config: { ...h.config, trustProxy } }), lookups };
}

const randomToken = () => `jl_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

test("past the allowed failures, unknown tokens get a 429 with Retry-After, and are not looked up", async () => {
  const { app, lookups } = throttledApp();
  for (let i = 0; i < settings.failuresPerWindow; i++) {
    expect((await request(app).get("/v1/jobs").auth(randomToken(), { type: "bearer" })).status).toBe(401);
  }
  const before = lookups.count;
  const res = await request(app).get("/v1/jobs").auth(randomToken(), { type: "bearer" });
  expect(res.status).toBe(429);
  expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  expect(res.body.type).toBe("/problems/too-many-auth-failures");
  expect(Number(res.headers["retry-after"])).toBeGreaterThan(settings.windowSeconds);
  expect(lookups.count).toBe(before);
});

test("a valid token from a throttled address is still served", async () => {
  const { app } = throttledApp();
  expect((await request(app).get("/v1/jobs").auth(h.tokens.writer, { type: "bearer" })).status).toBe(200);
  for (let i = 0; i <= settings.failuresPerWindow; i++) await request(app).get("/v1/jobs").auth(randomToken(), { type: "bearer" });
  expect((await request(app).get("/v1/jobs").auth(randomToken(), { type: "bearer" })).status).toBe(429);
  expect((await request(app).get("/v1/jobs").auth(h.tokens.writer, { type: "bearer" })).status).toBe(200);
});

test("wrong dashboard passwords get a 429 with Retry-After; the right credentials still get in", async () => {
  const { app } = throttledApp();
  for (let i = 0; i < settings.failuresPerWindow; i++) {
    expect((await request(app).get("/admin/queues/api/queues").auth(boardCredentials.username, `wrong-${i}`)).status).toBe(401);
  }
  const refused = await request(app).get("/admin/queues/api/queues").auth(boardCredentials.username, "wrong again");
  expect(refused.status).toBe(429);
  expect(refused.body.type).toBe("/problems/too-many-auth-failures");
  expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  const right = await request(app).get("/admin/queues/api/queues").auth(boardCredentials.username, boardCredentials.password);
  expect(right.status).toBe(200);
});

/** Fails `settings.failuresPerWindow` times from the address `forwardedFor` claims. */
async function failFrom(app: ReturnType<typeof throttledApp>["app"], forwardedFor: (i: number) => string): Promise<void> {
  for (let i = 0; i < settings.failuresPerWindow; i++) {
    await request(app).get("/v1/jobs").set("X-Forwarded-For", forwardedFor(i)).auth(randomToken(), { type: "bearer" });
  }
}

test("without TRUST_PROXY, X-Forwarded-For is ignored: a new address in it each time does not dodge the throttle", async () => {
  const { app } = throttledApp();
  await failFrom(app, (i) => `203.0.113.${i}`);

  const res = await request(app).get("/v1/jobs").set("X-Forwarded-For", "198.51.100.7").auth(randomToken(), { type: "bearer" });
  expect(res.status).toBe(429);
});

test("with TRUST_PROXY naming the proxy, the throttle counts the client address it forwards", async () => {
  // The test's requests come from loopback: the proxy in front of the API.
  const { app } = throttledApp(["loopback"]);
  await failFrom(app, () => "203.0.113.9");

  const blocked = await request(app).get("/v1/jobs").set("X-Forwarded-For", "203.0.113.9").auth(randomToken(), { type: "bearer" });
  expect(blocked.status).toBe(429);
  const another = await request(app).get("/v1/jobs").set("X-Forwarded-For", "198.51.100.7").auth(randomToken(), { type: "bearer" });
  expect(another.status).toBe(401);
  // A client cannot put itself first in the header: the proxy appends the address it saw, and that one counts.
  const spoofed = await request(app)
    .get("/v1/jobs")
    .set("X-Forwarded-For", "198.51.100.8, 203.0.113.9")
    .auth(randomToken(), { type: "bearer" });
  expect(spoofed.status).toBe(429);
});

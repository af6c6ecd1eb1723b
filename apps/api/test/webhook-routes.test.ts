/**
 * The webhook routes in-process: callback URLs checked at submit (SSRF), the signing secret and its rotation, and a
 * job's delivery log scoped to its owner.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

/** The API as deployed by default: private networks are off limits. */
const strict = () => h.variant({ config: { ...h.config, webhookAllowPrivateNetworks: false } });

describe("callback URLs at submit", () => {
  test.each([
    ["loopback", "http://127.0.0.1:8080/hook"],
    ["a private network", "http://10.0.0.5/hook"],
    ["link-local (cloud metadata)", "http://169.254.169.254/latest"],
    ["IPv6 loopback", "http://[::1]/hook"],
    ["an IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/hook"],
    ["a name resolving to loopback", "http://localhost:8080/hook"],
  ])("%s is refused with 422 at callbackUrl", async (_what, callbackUrl) => {
    const res = await request(strict())
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({ type: "demo.echo", callbackUrl });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "callbackUrl", message: expect.stringContaining("internal address") }]);
  });

  test("a name that does not resolve is refused with 422", async () => {
    const res = await request(strict())
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({ type: "demo.echo", callbackUrl: "https://no-such-host.invalid/hook" });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "callbackUrl", message: expect.stringContaining("does not resolve") }]);
  });

  test("in a batch the path names the job", async () => {
    const res = await request(strict())
      .post("/v1/jobs/batch")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({
        jobs: [
          { type: "demo.echo", callbackUrl: "https://93.184.215.14/hook" },
          { type: "demo.echo", callbackUrl: "http://192.168.0.1/hook" },
        ],
      });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "jobs.1.callbackUrl", message: expect.any(String) }]);
  });

  test("a public address is accepted", async () => {
    const res = await request(strict())
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({ type: "demo.echo", callbackUrl: "https://93.184.215.14/hook" });

    expect(res.status).toBe(202);
  });

  test("a deployment that allows private networks accepts loopback", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({ type: "demo.echo", callbackUrl: "http://127.0.0.1:8080/hook" });

    expect(res.status).toBe(202);
  });

  test("a batch naming more than 10 distinct callback hosts is refused with 422 at the 11th", async () => {
    const jobs = Array.from({ length: 11 }, (_, i) => ({ type: "demo.echo", callbackUrl: `https://hook-${i}.example.com/hook` }));

    const res = await request(h.app).post("/v1/jobs/batch").set("Authorization", `Bearer ${h.tokens.writer}`).send({ jobs });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: "jobs.10.callbackUrl", message: expect.stringContaining("at most 10 distinct callback URL hosts") },
    ]);
  });

  test("many jobs sharing 10 callback hosts are accepted", async () => {
    const jobs = Array.from({ length: 30 }, (_, i) => ({ type: "demo.echo", callbackUrl: `https://hook-${i % 10}.example.com/hook` }));

    const res = await request(h.app).post("/v1/jobs/batch").set("Authorization", `Bearer ${h.tokens.writer}`).send({ jobs });

    expect(res.status).toBe(202);
  });
});

describe("the webhook secret", () => {
  test("is the owner's whsec_ secret", async () => {
    const res = await request(h.app).get("/v1/webhook-secret").set("Authorization", `Bearer ${h.tokens.writer}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/) });
  });

  test("needs jobs:write", async () => {
    const res = await request(h.app).get("/v1/webhook-secret").set("Authorization", `Bearer ${h.tokens.reader}`);

    expect(res.status).toBe(403);
  });

  test("rotating it answers a new secret, which reading then returns", async () => {
    const before = (await request(h.app).get("/v1/webhook-secret").set("Authorization", `Bearer ${h.tokens.writer}`)).body.secret;

    const rotated = await request(h.app).post("/v1/webhook-secret/rotate").set("Authorization", `Bearer ${h.tokens.writer}`);

    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(before);
    expect((await request(h.app).get("/v1/webhook-secret").set("Authorization", `Bearer ${h.tokens.writer}`)).body.secret).toBe(
      rotated.body.secret,
    );
  });
});

describe("a job's deliveries", () => {
  test("another owner's job answers 404, like an unknown one", async () => {
    const created = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`).send({ type: "demo.echo" });

    const foreign = await request(h.app)
      .get(`/v1/jobs/${created.body.id}/deliveries`)
      .set("Authorization", `Bearer ${h.tokens.otherOwner}`);
    const unknown = await request(h.app).get(`/v1/jobs/${randomUUID()}/deliveries`).set("Authorization", `Bearer ${h.tokens.writer}`);

    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
  });

  test("a cancelled job's delivery waiting for its first attempt shows as pending", async () => {
    const created = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send({ type: "demo.echo", callbackUrl: "http://127.0.0.1:9/hook" });
    await request(h.app).post(`/v1/jobs/${created.body.id}/cancel`).set("Authorization", `Bearer ${h.tokens.writer}`);

    const res = await request(h.app).get(`/v1/jobs/${created.body.id}/deliveries`).set("Authorization", `Bearer ${h.tokens.reader}`);

    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: expect.any(String),
        event: "job.cancelled",
        url: "http://127.0.0.1:9/hook",
        attempt: 1,
        status: "pending",
        responseStatus: null,
        durationMs: null,
        error: null,
        createdAt: expect.any(String),
      },
    ]);
  });
});

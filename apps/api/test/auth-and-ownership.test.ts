import { revokeApiKey } from "@jobline/db";
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const get = (path: string, token?: string) => {
  const req = request(h.app).get(path);
  return token ? req.set("Authorization", `Bearer ${token}`) : req;
};

async function submitAs(token: string): Promise<string> {
  const res = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${token}`).send({ type: "demo.echo", payload: {} });
  expect(res.status).toBe(202);
  return res.body.id as string;
}

describe("authentication", () => {
  test("no token is a 401 with WWW-Authenticate: Bearer", async () => {
    const res = await get("/v1/jobs");

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(res.body.type).toBe("/problems/unauthorized");
  });

  test("an unknown token is a 401", async () => {
    const res = await get("/v1/jobs", "jl_abcdefgh_notarealtokennotarealtokennotarealtoken");

    expect(res.status).toBe(401);
  });

  test("a malformed Authorization header is a 401", async () => {
    const res = await request(h.app).get("/v1/jobs").set("Authorization", "Basic Zm9vOmJhcg==");

    expect(res.status).toBe(401);
  });

  test("a revoked token is a 401", async () => {
    const { token, apiKeyId } = await h.createToken("acme", ["jobs:read"]);
    expect((await get("/v1/jobs", token)).status).toBe(200);

    await revokeApiKey(h.prisma, apiKeyId);

    expect((await get("/v1/jobs", token)).status).toBe(401);
  });
});

describe("scopes", () => {
  test("a read-only token cannot submit (403)", async () => {
    const res = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.reader}`).send({ type: "demo.echo" });

    expect(res.status).toBe(403);
    expect(res.body.detail).toContain("jobs:write");
  });

  test("a token without admin cannot see the queues (403)", async () => {
    expect((await get("/v1/queues", h.tokens.writer)).status).toBe(403);
  });

  test("a write-only token cannot read (403)", async () => {
    const { token } = await h.createToken("acme", ["jobs:write"]);

    expect((await get("/v1/jobs", token)).status).toBe(403);
  });
});

describe("ownership", () => {
  test("an owner reads its own job", async () => {
    const id = await submitAs(h.tokens.writer);

    const res = await get(`/v1/jobs/${id}`, h.tokens.reader);

    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
  });

  test("another owner's job answers 404, exactly like an unknown id", async () => {
    const id = await submitAs(h.tokens.writer);

    const foreign = await get(`/v1/jobs/${id}`, h.tokens.otherOwner);
    const unknown = await get("/v1/jobs/00000000-0000-4000-8000-000000000000", h.tokens.otherOwner);

    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(foreign.body.type).toBe(unknown.body.type);
  });

  test("another owner's job cannot be retried (404)", async () => {
    const id = await submitAs(h.tokens.writer);

    const res = await request(h.app).post(`/v1/jobs/${id}/retry`).set("Authorization", `Bearer ${h.tokens.otherOwner}`);

    expect(res.status).toBe(404);
  });

  test("another owner's jobs never appear in a list", async () => {
    const id = await submitAs(h.tokens.writer);

    const res = await get("/v1/jobs?limit=100", h.tokens.otherOwner);

    expect(res.body.data.map((job: { id: string }) => job.id)).not.toContain(id);
  });

  test("an id that is not a UUID answers 404, not 500", async () => {
    const res = await get("/v1/jobs/not-a-uuid", h.tokens.reader);

    expect(res.status).toBe(404);
  });

  test("an id with broken percent-encoding is a 400 problem, not a 500", async () => {
    const read = await get("/v1/jobs/%E0%A4%A", h.tokens.reader);
    const cancel = await request(h.app).post("/v1/jobs/%E0%A4%A/cancel").set("Authorization", `Bearer ${h.tokens.writer}`);

    for (const res of [read, cancel]) {
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: "/problems/malformed-request", status: 400 });
    }
  });

  test("an admin token reads any owner's job", async () => {
    const id = await submitAs(h.tokens.writer);

    expect((await get(`/v1/jobs/${id}`, h.tokens.admin)).status).toBe(200);
  });
});

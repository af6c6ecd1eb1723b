/** Tokens over the API (admin): create with the token shown once, list without secrets, revoke, expiry; all audited. */
import { createApiKey } from "@jobline/db";
import { createTokenVerifier } from "../src/auth/token-verifier";
import { callerAs } from "./support/caller";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const as = (token: string) => callerAs(h.app, token);

test("an admin creates a token for a new owner: 201, the token once, and it works for that owner", async () => {
  const res = await as(h.tokens.admin).post("/v1/tokens", { owner: "initech", scopes: ["jobs:read", "jobs:write"], name: "ci" });

  expect(res.status).toBe(201);
  expect(res.headers.location).toBe(`/v1/tokens/${res.body.id}`);
  expect(res.body).toMatchObject({
    owner: { name: "initech" },
    name: "ci",
    scopes: ["jobs:read", "jobs:write"],
    expiresAt: null,
    revokedAt: null,
  });
  expect(res.body.token).toMatch(new RegExp(`^jl_${res.body.prefix}_`));
  expect((await as(res.body.token).get("/v1/jobs")).status).toBe(200);
});

test("the list never shows a token or its hash, filters by owner and pages newest first", async () => {
  for (const name of ["a", "b", "c"]) await as(h.tokens.admin).post("/v1/tokens", { owner: "lister", scopes: ["jobs:read"], name });

  const first = await as(h.tokens.admin).get("/v1/tokens?owner=lister&limit=2");
  const second = await as(h.tokens.admin).get(`/v1/tokens?owner=lister&limit=2&cursor=${first.body.nextCursor}`);

  expect(first.status).toBe(200);
  expect([...first.body.data, ...second.body.data].map((t: { name: string }) => t.name)).toEqual(["c", "b", "a"]);
  expect(second.body.nextCursor).toBeNull();
  expect(JSON.stringify(first.body)).not.toMatch(/token"|tokenHash|jl_[A-Za-z0-9]{8}_/);
});

test("a revoked token answers 401, and revoking it again is still a 204", async () => {
  const created = await as(h.tokens.admin).post("/v1/tokens", { owner: "revokee", scopes: ["jobs:read"] });

  expect((await as(h.tokens.admin).delete(`/v1/tokens/${created.body.id}`)).status).toBe(204);
  expect((await as(created.body.token).get("/v1/jobs")).status).toBe(401);
  expect((await as(h.tokens.admin).delete(`/v1/tokens/${created.body.id}`)).status).toBe(204);
  const listed = await as(h.tokens.admin).get("/v1/tokens?owner=revokee");
  expect(listed.body.data[0].revokedAt).toEqual(expect.any(String));
});

test("revoking an unknown id, or one that is not a uuid, is a 404", async () => {
  expect((await as(h.tokens.admin).delete("/v1/tokens/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  expect((await as(h.tokens.admin).delete("/v1/tokens/nope")).status).toBe(404);
});

test("expiry: expiresInDays sets it, a past expiresAt or both at once is a 422", async () => {
  const created = await as(h.tokens.admin).post("/v1/tokens", { owner: "expiring", scopes: ["jobs:read"], expiresInDays: 30 });
  const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);

  const past = await as(h.tokens.admin).post("/v1/tokens", { owner: "expiring", scopes: ["jobs:read"], expiresAt: "2020-01-01T00:00:00Z" });
  expect(past.status).toBe(422);
  expect(past.body.errors[0].path).toBe("expiresAt");
  const both = await as(h.tokens.admin).post("/v1/tokens", {
    owner: "expiring",
    scopes: ["jobs:read"],
    expiresAt: "2999-01-01T00:00:00Z",
    expiresInDays: 1,
  });
  expect(both.status).toBe(422);
});

test("a token past its expiresAt answers 401 like a revoked one", async () => {
  const { token, apiKey } = await createApiKey(h.prisma, {
    owner: "expired",
    scopes: ["jobs:read"],
    expiresAt: new Date(Date.now() - 1000),
  });

  const res = await as(token).get("/v1/jobs");

  expect(res.status).toBe(401);
  expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
  expect((await as(h.tokens.admin).get("/v1/tokens?owner=expired")).body.data[0].id).toBe(apiKey.id);
});

test("expiry holds for a token the verifier has cached", async () => {
  let now = Date.now();
  const verifier = createTokenVerifier(h.pool, 60_000, () => now);
  const { token } = await createApiKey(h.prisma, { owner: "cached", scopes: ["jobs:read"], expiresAt: new Date(now + 2000) });

  expect(await verifier.verify(token)).not.toBeNull();
  now += 2001;

  expect(await verifier.verify(token)).toBeNull();
});

test("bad input is a 422 naming the field", async () => {
  const res = await as(h.tokens.admin).post("/v1/tokens", { owner: "x", scopes: ["jobs:delete"] });
  expect(res.status).toBe(422);
  expect(res.body.errors[0].path).toBe("scopes.0");
  expect((await as(h.tokens.admin).post("/v1/tokens", { owner: " ", scopes: ["jobs:read"] })).status).toBe(422);
});

test("create, list and revoke are for admins only", async () => {
  expect((await as(h.tokens.writer).post("/v1/tokens", { owner: "acme", scopes: ["admin"] })).status).toBe(403);
  expect((await as(h.tokens.writer).get("/v1/tokens")).status).toBe(403);
  expect((await as(h.tokens.reader).delete("/v1/tokens/00000000-0000-4000-8000-000000000000")).status).toBe(403);
});

test("creating and revoking are in the audit log, without the token", async () => {
  const created = await as(h.tokens.admin).post("/v1/tokens", { owner: "audited", scopes: ["jobs:read"] });
  await as(h.tokens.admin).delete(`/v1/tokens/${created.body.id}`);

  const audit = (await as(h.tokens.admin).get("/v1/audit")).body.data;
  const entries = audit.filter((entry: { target: string }) => entry.target === created.body.id);
  expect(entries.map((entry: { action: string }) => entry.action)).toEqual(["token.revoke", "token.create"]);
  expect(entries[1].detail).toMatchObject({ owner: "audited", scopes: ["jobs:read"] });
  expect(JSON.stringify(audit)).not.toContain(created.body.token);
});

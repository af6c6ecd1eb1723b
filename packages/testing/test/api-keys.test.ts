/** API keys (packages/db/src/api-keys.ts): stored by hash only, found by token, refused when revoked or malformed. */
import {
  ApiKeyInputError,
  createApiKey,
  createDatabase,
  findActiveApiKey,
  hashToken,
  listApiKeys,
  revokeApiKey,
  type Database,
  type PrismaClient,
} from "@jobline/db";
import { createTestDatabase, type TestDatabase } from "../src";
import { withClient } from "./support";

let db: TestDatabase;
let database: Database;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  database = createDatabase(db.url, { poolSize: 2 });
  prisma = database.prisma;
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

test("a token has the documented shape and only its hash and prefix are stored", async () => {
  const { apiKey, owner, token } = await createApiKey(prisma, { owner: "acme", scopes: ["jobs:read", "jobs:write"], name: "ci" });
  const [, prefix, secret] = /^jl_([A-Za-z0-9]{8})_([A-Za-z0-9_-]+)$/.exec(token) ?? [];
  expect(prefix).toBe(apiKey.prefix);
  expect(Buffer.from(secret!, "base64url").length).toBeGreaterThanOrEqual(32);

  const rows = await withClient(db.url, async (c) => (await c.query(`SELECT * FROM api_keys WHERE id = $1`, [apiKey.id])).rows);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ owner_id: owner.id, prefix, name: "ci", scopes: ["jobs:read", "jobs:write"], revoked_at: null });
  expect(rows[0].token_hash).toBe(hashToken(token));
  expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(rows[0])).not.toContain(secret);
});

test("the owner is created once, with a webhook secret, and reused", async () => {
  const first = await createApiKey(prisma, { owner: "reused", scopes: ["admin"] });
  const both = await Promise.all([1, 2].map(() => createApiKey(prisma, { owner: "reused", scopes: ["jobs:read"] })));
  expect(both.map((k) => k.owner.id)).toEqual([first.owner.id, first.owner.id]);
  expect(first.owner.webhookSecret.length).toBeGreaterThanOrEqual(32);
  expect(new Set([first.token, ...both.map((k) => k.token)]).size).toBe(3);
});

test("findActiveApiKey finds a key by its token, with its owner", async () => {
  const { apiKey, token } = await createApiKey(prisma, { owner: "finder", scopes: ["jobs:read"] });
  const found = await findActiveApiKey(database.pool, token);
  expect(found).toMatchObject({ id: apiKey.id, scopes: ["jobs:read"], owner: { name: "finder" } });
});

test("a wrong, revoked or malformed token finds nothing; malformed ones cost no query", async () => {
  const { apiKey, token } = await createApiKey(prisma, { owner: "revoker", scopes: ["jobs:write"] });
  const lastChar = token.at(-1) === "A" ? "B" : "A";
  expect(await findActiveApiKey(database.pool, token.slice(0, -1) + lastChar)).toBeNull();

  const queries = jest.spyOn(database.pool, "query");
  for (const malformed of [
    "",
    "jl_",
    "Bearer " + token,
    token + " ",
    "jl_short_x",
    `jl_${apiKey.prefix}_${"a".repeat(500)}`,
    "x".repeat(10_000),
  ]) {
    expect(await findActiveApiKey(database.pool, malformed)).toBeNull();
  }
  expect(queries).not.toHaveBeenCalled();
  await findActiveApiKey(database.pool, `jl_${apiKey.prefix}_${"a".repeat(43)}`); // well-formed: this one is looked up
  expect(queries).toHaveBeenCalledTimes(1);
  queries.mockRestore();

  expect(await revokeApiKey(prisma, apiKey.id)).toBe(true);
  expect(await findActiveApiKey(database.pool, token)).toBeNull();
  expect(await revokeApiKey(prisma, apiKey.id)).toBe(true); // idempotent: the key exists
  expect(await revokeApiKey(prisma, "00000000-0000-4000-8000-000000000000")).toBe(false);
  expect(await revokeApiKey(prisma, "not-a-uuid")).toBe(false);
});

test("listApiKeys leaves hashes out and filters by owner", async () => {
  await createApiKey(prisma, { owner: "lister", scopes: ["jobs:read"], name: "one" });
  const keys = await listApiKeys(prisma, { owner: "lister" });
  expect(keys).toHaveLength(1);
  expect(keys[0]).not.toHaveProperty("tokenHash");
  expect(keys[0]).toMatchObject({ name: "one", owner: { name: "lister" } });
  expect(keys[0]!.owner).not.toHaveProperty("webhookSecret");
  expect((await listApiKeys(prisma)).length).toBeGreaterThan(1);
  expect(await listApiKeys(prisma, { owner: "nobody" })).toEqual([]);
});

test("bad input is refused with a typed error", async () => {
  await expect(createApiKey(prisma, { owner: " ", scopes: ["jobs:read"] })).rejects.toBeInstanceOf(ApiKeyInputError);
  await expect(createApiKey(prisma, { owner: "x", scopes: [] })).rejects.toBeInstanceOf(ApiKeyInputError);
  // @ts-expect-error: a caller outside TypeScript's reach passes a scope that does not exist
  await expect(createApiKey(prisma, { owner: "x", scopes: ["jobs:delete"] })).rejects.toThrow("unknown scopes: jobs:delete");
});

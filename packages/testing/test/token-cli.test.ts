/** `pnpm run token` (apps/api/src/cli): the built CLI run as a child process against a fresh database. */
import { createDatabase, findActiveApiKey, hashToken, type Database, type PrismaClient } from "@jobline/db";
import { createTestDatabase, runNode, type TestDatabase } from "../src";
import { ensureApiCliBuilt, lastLine } from "./support";

let db: TestDatabase;
let database: Database;
let prisma: PrismaClient;
// Each test starts the CLI (node + Prisma) up to nine times; on a busy two-core machine one start can take seconds.
const manyStarts = 120_000;
const token = (...args: string[]) => runNode("apps/api/dist/cli/token.js", args, { DATABASE_URL: db.url });

beforeAll(async () => {
  await ensureApiCliBuilt();
  db = await createTestDatabase();
  database = createDatabase(db.url, { poolSize: 1 });
  prisma = database.prisma;
}, 120_000);

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

test(
  "create prints the token alone on its last line, list shows its prefix and no hash, revoke revokes",
  async () => {
    const created = await token("create", "--owner", "acme", "--scopes", "jobs:read,jobs:write", "--name", "ci");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const secret = lastLine(created.stdout);
    expect(secret).toMatch(/^jl_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const key = await findActiveApiKey(database.pool, secret);
    expect(key).toMatchObject({ name: "ci", scopes: ["jobs:read", "jobs:write"], owner: { name: "acme" } });

    const listed = await token("list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+owner\s+prefix\s+scopes\s+created\s+expires\s+revoked/);
    expect(listed.stdout).toContain(key!.id);
    expect(listed.stdout).toContain(key!.prefix);
    expect(listed.stdout).not.toContain(hashToken(secret));
    expect(listed.stdout).not.toContain(secret.slice(12));
    expect((await token("list", "--owner", "somebody-else")).stdout).toContain('no api keys for owner "somebody-else"');

    expect(await token("revoke", key!.id)).toMatchObject({ code: 0, stdout: `revoked api key ${key!.id}\n` });
    expect(await findActiveApiKey(database.pool, secret)).toBeNull();
    const row = (await token("list", "--owner", "acme")).stdout.split("\n").find((line) => line.startsWith(key!.id));
    expect(row).toMatch(/\s\d{4}-\d\d-\d\dT[\d:]+Z\s+-\s+\d{4}-\d\d-\d\dT[\d:]+Z\s+ci$/); // created, no expiry, then revoked
  },
  manyStarts,
);

test(
  "create --expires-in-days gives the key an expiry, which list shows",
  async () => {
    const created = await token("create", "--owner", "temp", "--scopes", "jobs:read", "--expires-in-days", "7");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const key = await findActiveApiKey(database.pool, lastLine(created.stdout));
    const days = (key!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await token("list", "--owner", "temp")).stdout).toContain(key!.expiresAt!.toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect((await token("create", "--owner", "temp", "--scopes", "jobs:read", "--expires-in-days", "0")).code).toBe(2);
  },
  manyStarts,
);

test("revoking an unknown key exits 1 with a clear message", async () => {
  const result = await token("revoke", "00000000-0000-4000-8000-000000000000");
  expect(result).toMatchObject({ code: 1, stdout: "" });
  expect(result.stderr).toContain("no api key with id 00000000-0000-4000-8000-000000000000");
});

test(
  "a bad command line exits 2 with the usage, naming every invalid scope",
  async () => {
    const badScopes = await token("create", "--owner", "acme", "--scopes", "jobs:read,jobs:delete,root");
    expect(badScopes.code).toBe(2);
    expect(badScopes.stderr).toContain("unknown scopes: jobs:delete, root (known: jobs:read, jobs:write, admin)");
    expect(badScopes.stderr).toContain("usage:");
    for (const args of [
      [],
      ["frob"],
      ["create", "--scopes", "admin"],
      ["create", "--owner", "x"],
      ["list", "--bad"],
      ["revoke"],
      ["revoke", "a", "b"],
    ]) {
      const result = await token(...args);
      expect({ args, code: result.code, usage: result.stderr.includes("usage:") }).toEqual({ args, code: 2, usage: true });
    }
    expect(await prisma.apiKey.count({ where: { owner: { name: "x" } } })).toBe(0);
  },
  manyStarts,
);

test("without DATABASE_URL it says so and exits 1", async () => {
  const result = await runNode("apps/api/dist/cli/token.js", ["list"], {});
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("DATABASE_URL: is required");
});

test(
  "create and revoke each leave an audit entry naming the token command as the actor",
  async () => {
    const created = await token("create", "--owner", "audited", "--scopes", "jobs:read");
    const key = await findActiveApiKey(database.pool, lastLine(created.stdout));
    await token("revoke", key!.id);
    await token("revoke", key!.id); // again: nothing new

    const entries = await prisma.auditEntry.findMany({ where: { target: key!.id }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => entry.action)).toEqual(["token.create", "token.revoke"]);
    expect(entries[0]).toMatchObject({
      actor: expect.stringMatching(/^token command \(.+\)$/),
      detail: { owner: "audited", scopes: ["jobs:read"] },
    });
  },
  manyStarts,
);

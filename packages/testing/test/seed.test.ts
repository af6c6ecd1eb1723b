/** `pnpm db:seed` (prisma/seed.ts, run by tsx) on a fresh migrated database. */
import { createDatabase, findActiveApiKey, type Database, type PrismaClient } from "@jobline/db";
import { createTestDatabase, runNode, type TestDatabase } from "../src";
import { lastLine } from "./support";

let db: TestDatabase;
let database: Database;
let prisma: PrismaClient;
const seed = () => runNode("node_modules/tsx/dist/cli.mjs", ["prisma/seed.ts"], { DATABASE_URL: db.url });

beforeAll(async () => {
  db = await createTestDatabase();
  database = createDatabase(db.url, { poolSize: 1 });
  prisma = database.prisma;
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

test("creates owner dev and a token with every scope, printed alone on the last line; a rerun reuses the owner", async () => {
  const first = await seed();
  expect(first).toMatchObject({ code: 0, stderr: "" });
  const key = await findActiveApiKey(database.pool, lastLine(first.stdout));
  expect(key).toMatchObject({ owner: { name: "dev" }, scopes: ["jobs:read", "jobs:write", "admin"] });

  const second = await seed();
  expect(second.code).toBe(0);
  const again = await findActiveApiKey(database.pool, lastLine(second.stdout));
  expect(again!.ownerId).toBe(key!.ownerId);
  expect(again!.id).not.toBe(key!.id);
  expect(await prisma.owner.count()).toBe(1);
});

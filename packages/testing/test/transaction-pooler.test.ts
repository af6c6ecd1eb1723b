/**
 * Behind a real PgBouncer in transaction mode (Debian's 1.18, which keeps no prepared statement across transactions):
 * what `pgbouncer=true` changes in packages/db. Without it the hot statements' names and the async-commit pool's
 * startup setting fail; with it they run.
 */
import { randomUUID } from "node:crypto";
import { countUnfinishedJobs, createDatabase, type Database } from "@jobline/db";
import { createTestDatabase, startPgBouncer, type PgBouncerServer, type TestDatabase } from "../src";

let db: TestDatabase;
let bouncer: PgBouncerServer;
let pooledUrl: string;
const opened: Database[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  bouncer = await startPgBouncer(db.url);
  pooledUrl = bouncer.url(db.url);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
});

afterAll(async () => {
  await bouncer?.destroy();
  await db?.drop();
});

function open(transactionPooler: boolean): Database {
  const database = createDatabase(pooledUrl, { poolSize: 4, transactionPooler });
  opened.push(database);
  return database;
}

test("without pgbouncer=true, a named statement prepared by one client meets another client on the same server connection", async () => {
  const owner = randomUUID();
  await countUnfinishedJobs(open(false).pool, owner);

  await expect(countUnfinishedJobs(open(false).pool, owner)).rejects.toThrow(
    /prepared statement "jobline\.count-unfinished" already exists/,
  );
});

test("without pgbouncer=true, the async-commit pool's startup setting is refused by the pooler", async () => {
  await expect(open(false).asyncCommitPool.query("SELECT 1")).rejects.toThrow(/unsupported startup parameter: options/);
});

test("with pgbouncer=true, the hot statements run from any number of clients at once, and the async-commit pool connects", async () => {
  const databases = [open(true), open(true)];
  const owner = randomUUID();

  const counts = await Promise.all(
    databases.flatMap((database) => Array.from({ length: 8 }, () => countUnfinishedJobs(database.pool, owner))),
  );

  expect(counts).toEqual(Array.from({ length: 16 }, () => 0));
  expect((await databases[0]!.asyncCommitPool.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
});

/**
 * Behind a real PgBouncer in transaction mode (Debian's 1.18, which keeps no prepared statement across transactions):
 * what `pgbouncer=true` changes in packages/db. Without it the hot statements' names and the async-commit pool's
 * startup setting fail; with it they run; the advisory locks stay exclusive and leave nothing held behind.
 */
import { randomUUID } from "node:crypto";
import { countUnfinishedJobs, createDatabase, tryAdvisoryLock, tryAdvisoryXactLock, type Database } from "@jobline/db";
import { Client } from "pg";
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

/** Waits until `take`'s work has started and hands back a way to finish it. */
async function holding<T>(take: (work: () => Promise<string>) => Promise<T>): Promise<{ done: Promise<T>; release(): void }> {
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const done = take(() => {
    started();
    return new Promise<string>((resolve) => (release = () => resolve("first")));
  });
  await running;
  return { done, release };
}

async function advisoryLocksHeld(): Promise<number> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) AS count FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1",
      [db.name],
    );
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
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

test("tryAdvisoryLock through the pooler: one holder at a time, and nothing left held after", async () => {
  const first = await holding((work) => tryAdvisoryLock(pooledUrl, "sweep", work));

  expect(await tryAdvisoryLock(pooledUrl, "sweep", async () => "second")).toBeNull();
  // A process on a direct connection (an operator's `pnpm db:sweep`) is kept out as well.
  expect(await tryAdvisoryLock(db.url, "sweep", async () => "direct")).toBeNull();
  expect(await advisoryLocksHeld()).toBe(1);

  first.release();
  expect(await first.done).toBe("first");
  expect(await advisoryLocksHeld()).toBe(0);
  expect(await tryAdvisoryLock(pooledUrl, "sweep", async () => "after")).toBe("after");
});

test("tryAdvisoryXactLock on Prisma's pooled connections through the pooler: one holder at a time", async () => {
  const [one, two] = [open(true), open(true)];
  const first = await holding((work) => tryAdvisoryXactLock(one.prisma, "reconcile", 10_000, work));

  expect(await tryAdvisoryXactLock(two.prisma, "reconcile", 10_000, async () => "second")).toBeNull();

  first.release();
  expect(await first.done).toBe("first");
  expect(await advisoryLocksHeld()).toBe(0);
  expect(await tryAdvisoryXactLock(two.prisma, "reconcile", 10_000, async () => "after")).toBe("after");
});

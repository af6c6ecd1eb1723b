/**
 * The migration runner (packages/db/src/migrate.ts): Prisma-compatible bookkeeping, exactly-once under
 * concurrency (in one process and across real processes), and refusals on a changed or half-failed history.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { MigrationError, migrate, readMigrations } from "@jobline/db";
import { createTestDatabase, runNode, type TestDatabase } from "../src";
import { copyMigrations, migrationsDir, withClient } from "./support";

interface BookkeepingRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const bookkeeping = (url: string) =>
  withClient(
    url,
    async (c) => (await c.query<BookkeepingRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name, started_at`)).rows,
  );

/** A migration slow enough that two runners without the lock would overlap; its CREATE TABLE fails if run twice. */
const slowMigration = { "29990101000000_slow_probe": `SELECT pg_sleep(0.3);\nCREATE TABLE "race_probe" ("id" INTEGER);\n` };

let databases: TestDatabase[] = [];
async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  databases = [];
});

test("a fresh database gets every migration, recorded as Prisma records it", async () => {
  const db = await freshDatabase();
  const files = await readMigrations(migrationsDir);
  expect(files.length).toBeGreaterThan(0);

  const outcome = await migrate(db.url, migrationsDir);
  expect(outcome).toEqual({ applied: files.map((f) => f.name), alreadyApplied: [] });

  const rows = await bookkeeping(db.url);
  expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
  for (const row of rows) {
    // Computed here from the file on disk, not with the runner's own helper.
    const sql = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"), "utf8");
    expect(row.checksum).toBe(createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex"));
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
});

test("a second run applies nothing", async () => {
  const db = await freshDatabase();
  await migrate(db.url, migrationsDir);
  const before = await bookkeeping(db.url);
  const outcome = await migrate(db.url, migrationsDir);
  expect(outcome.applied).toEqual([]);
  expect(outcome.alreadyApplied).toEqual(before.map((r) => r.migration_name));
  expect(await bookkeeping(db.url)).toEqual(before);
});

test("two runs started at once in one process both succeed and apply each migration once", async () => {
  const db = await freshDatabase();
  const copy = await copyMigrations(slowMigration);
  try {
    const outcomes = await Promise.all([migrate(db.url, copy.dir), migrate(db.url, copy.dir)]);
    const appliedNames = outcomes.flatMap((o) => o.applied).sort();
    const files = await readMigrations(copy.dir);
    expect(appliedNames).toEqual(files.map((f) => f.name));
    const rows = await bookkeeping(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
  } finally {
    await copy.remove();
  }
});

test("two migrate-cli processes started at once both succeed and apply each migration once", async () => {
  const db = await freshDatabase();
  const copy = await copyMigrations(slowMigration);
  try {
    const env = { DATABASE_URL: db.url, JOBLINE_MIGRATIONS_DIR: copy.dir };
    const results = await Promise.all([1, 2].map(() => runNode("packages/db/dist/migrate-cli.js", [], env)));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: "" });
    const files = await readMigrations(copy.dir);
    const logged = results.flatMap((r) => r.stdout.split("\n")).filter((line) => line.startsWith("applied "));
    expect(logged.sort()).toEqual(files.map((f) => `applied ${f.name}`));
    expect((await bookkeeping(db.url)).map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
  } finally {
    await copy.remove();
  }
});

test("refuses when an applied migration's file changed, but not for CRLF line endings", async () => {
  const db = await freshDatabase();
  const copy = await copyMigrations();
  try {
    await migrate(db.url, copy.dir);
    const [first] = await readMigrations(copy.dir);
    const file = path.join(copy.dir, first!.name, "migration.sql");

    const crlf = first!.sql.replace(/\n/g, "\r\n");
    await writeFile(file, crlf);
    await expect(migrate(db.url, copy.dir)).resolves.toMatchObject({ applied: [] });
    // Prisma's engine may have recorded the raw hash of a CRLF checkout; the runner accepts that too.
    const rawChecksum = createHash("sha256").update(crlf).digest("hex");
    await withClient(db.url, (c) =>
      c.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [rawChecksum, first!.name]),
    );
    await expect(migrate(db.url, copy.dir)).resolves.toMatchObject({ applied: [] });

    await writeFile(file, `${first!.sql}\n-- an edit after the fact\n`);
    const refusal = migrate(db.url, copy.dir);
    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(`migration ${first!.name} was changed after it was applied`);
  } finally {
    await copy.remove();
  }
});

test("refuses to go on after a migration that failed half-way, until it is marked rolled back", async () => {
  const db = await freshDatabase();
  const next = "29990101000000_next";
  const copy = await copyMigrations({ [next]: `CREATE TABLE "after_failure" ("id" INTEGER);\n` });
  try {
    await migrate(db.url, migrationsDir);
    // What Prisma's engine leaves behind when a migration fails: a row without finished_at.
    await withClient(db.url, (c) =>
      c.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES (gen_random_uuid()::text, $1, $2, 'boom')`, [
        "0".repeat(64),
        next,
      ]),
    );
    const refusal = migrate(db.url, copy.dir);
    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(`migration ${next} failed half-way earlier; repair the database, then mark it rolled back`);
    const exists = () => withClient(db.url, async (c) => (await c.query(`SELECT to_regclass('after_failure') AS t`)).rows[0].t);
    expect(await exists()).toBeNull();

    // The repair the message names: mark the failed attempt rolled back, and the next run applies it.
    await withClient(db.url, (c) =>
      c.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL`, [next]),
    );
    await expect(migrate(db.url, copy.dir)).resolves.toMatchObject({ applied: [next] });
    expect(await exists()).toBe("after_failure");
  } finally {
    await copy.remove();
  }
});

test("a migration that fails is rolled back whole and not recorded", async () => {
  const db = await freshDatabase();
  const broken = "29990101000000_broken";
  const copy = await copyMigrations({ [broken]: `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT no_such_function();\n` });
  try {
    await expect(migrate(db.url, copy.dir)).rejects.toThrow(new RegExp(`^migration ${broken} failed: .*no_such_function`));
    const rows = await bookkeeping(db.url);
    expect(rows.map((r) => r.migration_name)).not.toContain(broken);
    const exists = await withClient(db.url, async (c) => (await c.query(`SELECT to_regclass('half_done') AS t`)).rows[0].t);
    expect(exists).toBeNull();
  } finally {
    await copy.remove();
  }
});

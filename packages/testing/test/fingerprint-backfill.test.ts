/**
 * The migration that added fingerprints computed them in SQL for jobs that had already failed: it must give every
 * such job the fingerprint the TypeScript function gives new failures, or one problem would show as two groups.
 */
import { randomUUID } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { failureFingerprint, migrate } from "@jobline/db";
import { createTestDatabase, type TestDatabase } from "../src";
import { copyMigrations, migrationsDir, withClient } from "./support";

const fingerprintMigration = "20261130060000_dead_letter_desk_and_search";

const messages = [
  "job 0b9a1c9e-1f2d-4c3b-9A8E-7d6c5b4a3f21 not found",
  "took 1234 ms at 99.5% (v1.2.3)",
  'topic "q3 revenue" is unknown',
  "column 'total' missing; can't retry, won't wait",
  "table `reports_2026` is locked",
  'two "quotes" and "more 42" and \'single 7\'',
  'a quote "across\na line" stays open',
  "unicode: überschritten 12 × 3 — “fancy” 😀 42",
  "",
];

let db: TestDatabase;
afterEach(() => db?.drop());

test("the migration's SQL gives jobs that failed before it the fingerprint failureFingerprint gives", async () => {
  db = await createTestDatabase({ migrated: false });
  const before = await copyMigrations();
  try {
    for (const name of await readdir(before.dir)) {
      if (name >= fingerprintMigration && !name.endsWith(".toml")) await rm(path.join(before.dir, name), { recursive: true });
    }
    await migrate(db.url, before.dir);
  } finally {
    await before.remove();
  }
  const failures = messages.map((message, i) => ({
    id: randomUUID(),
    type: i % 2 ? "demo.fail" : "report.generate",
    name: i % 3 ? "Error" : "TimeoutError",
    message,
  }));
  await withClient(db.url, async (client) => {
    const owner = await client.query(
      `INSERT INTO owners (id, name, webhook_secret) VALUES (gen_random_uuid(), 'acme', 'whsec_x') RETURNING id`,
    );
    for (const failure of failures) {
      await client.query(
        `INSERT INTO jobs (id, owner_id, type, queue, status, payload, max_attempts, timeout_ms, error)
         VALUES ($1, $2, $3, 'cpu', 'failed', '{}', 1, 1000, $4)`,
        [failure.id, owner.rows[0].id, failure.type, { name: failure.name, message: failure.message, attempt: 1 }],
      );
    }
  });

  await migrate(db.url, migrationsDir);

  const stored = await withClient(db.url, async (client) => (await client.query(`SELECT id, fingerprint FROM jobs`)).rows);
  const byId = new Map(stored.map((row) => [row.id, row.fingerprint]));
  expect(failures.map((failure) => [failure.message, byId.get(failure.id)])).toEqual(
    failures.map((failure) => [failure.message, failureFingerprint(failure)]),
  );
});

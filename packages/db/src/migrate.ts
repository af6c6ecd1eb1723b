/**
 * Applies the SQL migrations under `prisma/migrations` without Prisma's schema engine (which cannot be
 * downloaded on our machines), keeping Prisma's own `_prisma_migrations` bookkeeping so that
 * `prisma migrate status` elsewhere sees the same history.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "pg";
import { withAdvisoryLock } from "./advisory-locks";

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationOutcome {
  applied: string[];
  alreadyApplied: string[];
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The checksum we record: hex SHA-256 of the file with CRLF normalised to LF, so Windows checkouts agree. */
export function migrationChecksum(sql: string): string {
  return sha256(sql.replace(/\r\n/g, "\n"));
}

/**
 * Whether a recorded checksum fits the file. Like Prisma's engine, accept the raw file's hash too: a row
 * Prisma wrote from a CRLF checkout holds that one, and the file has not changed.
 */
export function migrationMatchesChecksum(sql: string, checksum: string): boolean {
  return checksum === migrationChecksum(sql) || checksum === sha256(sql);
}

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

const createBookkeeping = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies every migration not yet recorded, in name order, each in its own transaction, under an
 * advisory lock so that processes starting at once do not race. Refuses to go on when an applied
 * migration's file changed or an earlier one failed half-way.
 */
export async function migrate(
  databaseUrl: string,
  migrationsDir: string,
  log: (line: string) => void = () => {},
): Promise<MigrationOutcome> {
  const migrations = await readMigrations(migrationsDir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await withAdvisoryLock(client, "migrate", async () => {
      await client.query(createBookkeeping);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const applied = new Map(rows.map((row) => [row.migration_name, row]));
      const outcome: MigrationOutcome = { applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        const previous = applied.get(migration.name);
        if (previous) {
          checkApplied(migration, previous);
          outcome.alreadyApplied.push(migration.name);
          continue;
        }
        await applyOne(client, migration);
        log(`applied ${migration.name}`);
        outcome.applied.push(migration.name);
      }
      return outcome;
    });
  } finally {
    await client.end();
  }
}

/** Refuses to go on past a migration that failed half-way or whose file changed after it was applied. */
function checkApplied(migration: MigrationFile, previous: AppliedRow): void {
  if (!previous.finished_at) {
    throw new MigrationError(
      `migration ${migration.name} failed half-way earlier; repair the database, then mark it rolled back: ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${migration.name}' AND finished_at IS NULL`,
    );
  }
  if (!migrationMatchesChecksum(migration.sql, previous.checksum)) {
    throw new MigrationError(`migration ${migration.name} was changed after it was applied (checksum differs)`);
  }
}

async function applyOne(client: Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
      id,
      migration.checksum,
      migration.name,
    ]);
    await client.query(migration.sql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
  }
}

/** Where the committed migrations are: the repository's `prisma/migrations`, or `JOBLINE_MIGRATIONS_DIR` in images. */
export function defaultMigrationsDir(override: string | undefined): string {
  return override ?? path.resolve(__dirname, "../../../prisma/migrations");
}

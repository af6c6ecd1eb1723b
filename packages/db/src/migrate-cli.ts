/**
 * `pnpm db:migrate`: applies the committed migrations to DIRECT_DATABASE_URL when set, else to DATABASE_URL (the dev
 * stack's when unset).
 */
import { databaseEnv, directUrlForMigrations, migrationsEnv, migrationsUrl, parseCliEnvironment } from "@jobline/config";
import { z } from "zod";
import { defaultMigrationsDir, migrate } from "./migrate";

const env = parseCliEnvironment(
  "db:migrate",
  z.object({ ...databaseEnv, ...migrationsEnv }).refine(...directUrlForMigrations),
  process.env,
  ["DATABASE_URL"],
);

migrate(migrationsUrl(env), defaultMigrationsDir(env.JOBLINE_MIGRATIONS_DIR), (line) => console.log(line))
  .then(({ applied, alreadyApplied }) => {
    console.log(`migrations: ${applied.length} applied, ${alreadyApplied.length} already in place`);
  })
  .catch((error: Error) => {
    console.error(`db:migrate failed: ${error.message}`);
    process.exit(1);
  });

/** `pnpm db:migrate`: applies the committed migrations to DATABASE_URL. */
import { z } from "zod";
import { defaultMigrationsDir, migrate } from "./migrate";

const env = z
  // `error` covers an unset variable (zod would otherwise say "expected string, received undefined").
  .object({ DATABASE_URL: z.string({ error: "is required" }).min(1, "is required"), JOBLINE_MIGRATIONS_DIR: z.string().optional() })
  .safeParse(process.env);

if (!env.success) {
  console.error(`db:migrate: ${env.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(1);
}

migrate(env.data.DATABASE_URL, defaultMigrationsDir(env.data.JOBLINE_MIGRATIONS_DIR), (line) => console.log(line))
  .then(({ applied, alreadyApplied }) => {
    console.log(`migrations: ${applied.length} applied, ${alreadyApplied.length} already in place`);
  })
  .catch((error: Error) => {
    console.error(`db:migrate failed: ${error.message}`);
    process.exit(1);
  });

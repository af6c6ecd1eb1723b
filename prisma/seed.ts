/**
 * `pnpm db:seed`: a development owner `dev` (reused if present) and a fresh token with every scope.
 * Run after `pnpm db:migrate`. The token is printed alone on the last line and stored nowhere.
 */
import { createApiKey, createPrismaClient } from "@jobline/db";
import { scopes } from "@jobline/jobs";
import { z } from "zod";

const required = "is required (postgresql://…)"; // `error` for an unset variable, `min` for an empty one
const env = z.object({ DATABASE_URL: z.string({ error: required }).min(1, required) }).safeParse(process.env);
if (!env.success) {
  console.error(`db:seed: ${env.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  process.exit(1);
}

async function seed(databaseUrl: string): Promise<void> {
  const prisma = createPrismaClient(databaseUrl, { poolSize: 1 });
  try {
    const { apiKey, owner, token } = await createApiKey(prisma, { owner: "dev", scopes: [...scopes], name: "seed" });
    console.log(`owner "${owner.name}" (${owner.id}); new api key ${apiKey.id} with scopes ${apiKey.scopes.join(",")}`);
    console.log("the token is shown once; store it now:");
    console.log(token);
  } finally {
    await prisma.$disconnect();
  }
}

seed(env.data.DATABASE_URL).catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

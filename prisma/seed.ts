/**
 * `pnpm db:seed`: a development owner `dev` (reused if present) and a fresh token with every scope.
 * Run after `pnpm db:migrate`. The token is printed alone on the last line and stored nowhere.
 */
import { databaseEnv, parseCliEnvironment } from "@jobline/config";
import { createApiKey, createPrismaClient } from "@jobline/db";
import { scopes } from "@jobline/contract";
import { z } from "zod";

const env = parseCliEnvironment("db:seed", z.object(databaseEnv), process.env);

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

seed(env.DATABASE_URL).catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

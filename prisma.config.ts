// Prisma CLI configuration (generate, validate). Migrations are applied by `pnpm db:migrate`,
// not by Prisma's schema engine, which cannot be downloaded on our machines.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/jobline" },
});

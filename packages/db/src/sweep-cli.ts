/** `pnpm db:sweep`: deletes finished jobs past their retention window now, as the worker does every SWEEP_INTERVAL_MS. */
import { z } from "zod";
import { createPrismaClient } from "./prisma-client";
import { retentionDaysEnv, sweepFinishedJobs, withSweepLock } from "./sweep";

const env = z
  .object({ DATABASE_URL: z.string({ error: "is required" }).min(1, "is required"), ...retentionDaysEnv })
  .safeParse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")));

if (!env.success) {
  console.error(`db:sweep: ${env.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(1);
}

const { DATABASE_URL, JOB_RETENTION_DAYS, FAILED_JOB_RETENTION_DAYS } = env.data;
const prisma = createPrismaClient(DATABASE_URL, { poolSize: 1 });

withSweepLock(DATABASE_URL, () =>
  sweepFinishedJobs(prisma, { jobRetentionDays: JOB_RETENTION_DAYS, failedJobRetentionDays: FAILED_JOB_RETENTION_DAYS }),
)
  .then((counts) => {
    if (counts === null) console.log("db:sweep: another sweep is running; nothing done");
    else console.log(`db:sweep: deleted ${JSON.stringify(counts)}`);
  })
  .catch((error: Error) => {
    console.error(`db:sweep failed: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());

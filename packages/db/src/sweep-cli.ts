/** `pnpm db:sweep`: deletes finished jobs past their retention window now, as the worker does every SWEEP_INTERVAL_MS. */
import { databaseEnv, parseCliEnvironment, retentionDaysEnv } from "@jobline/config";
import { z } from "zod";
import { tryAdvisoryLock } from "./advisory-locks";
import { createPrismaClient } from "./database";
import { sweepFinishedJobs } from "./sweep";

const { DATABASE_URL, JOB_RETENTION_DAYS, FAILED_JOB_RETENTION_DAYS } = parseCliEnvironment(
  "db:sweep",
  z.object({ ...databaseEnv, ...retentionDaysEnv }),
  process.env,
  ["DATABASE_URL"],
);
const prisma = createPrismaClient(DATABASE_URL, { poolSize: 1 });

tryAdvisoryLock(DATABASE_URL, "sweep", () =>
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

/**
 * The periodic retention sweep (packages/db `sweepFinishedJobs`). Every worker offers to sweep on its interval;
 * an advisory lock lets one of them do it at a time, so adding workers does not multiply the deletes.
 */
import { sweepFinishedJobs, tryAdvisoryLock, type PrismaClient } from "@jobline/db";
import type { Logger } from "pino";
import { startPeriodicTask } from "@jobline/engine";

export interface SweeperOptions {
  prisma: PrismaClient;
  databaseUrl: string;
  jobRetentionDays: number;
  failedJobRetentionDays: number;
  /** 0: never sweep. */
  intervalMs: number;
  logger: Pick<Logger, "info" | "warn" | "debug">;
}

export interface Sweeper {
  /** One sweep now (unless another process holds the lock); failures are logged, never thrown. */
  sweepOnce(): Promise<void>;
  /** Stops the timer; a sweep in progress stops after its current batch, which this waits for. */
  stop(): Promise<void>;
}

export function startSweeper(options: SweeperOptions): Sweeper {
  const task = startPeriodicTask({
    intervalMs: options.intervalMs,
    run: async (signal) => {
      const counts = await tryAdvisoryLock(options.databaseUrl, "sweep", () =>
        sweepFinishedJobs(options.prisma, {
          jobRetentionDays: options.jobRetentionDays,
          failedJobRetentionDays: options.failedJobRetentionDays,
          signal,
        }),
      );
      if (counts === null) options.logger.debug("retention sweep skipped: another process is sweeping");
      else options.logger.info({ deleted: counts }, "retention sweep done");
    },
    // Postgres may be down for a while; the next interval tries again.
    onError: (error) => options.logger.warn({ err: error }, "retention sweep failed"),
  });
  return { sweepOnce: async () => void (await task.runOnce()), stop: task.stop };
}

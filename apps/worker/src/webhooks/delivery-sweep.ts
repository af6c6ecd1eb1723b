/**
 * The outbox's safety net: deliveries still pending a while after they were written, because the process that
 * committed them died before enqueueing, or because Redis lost their entry, are enqueued again (an entry that still
 * exists is left as it is). One worker at a time sweeps, under an advisory lock.
 */
import { pendingDeliveries, tryAdvisoryXactLock, type Pool, type PrismaClient } from "@jobline/db";
import type { WebhookRelay } from "@jobline/webhooks";
import type { Logger } from "pino";
import { startPeriodicTask } from "@jobline/engine";

/** The most deliveries one sweep enqueues; the next sweep takes the rest. */
const sweepBatch = 1000;

export interface DeliverySweepOptions {
  prisma: PrismaClient;
  pool: Pool;
  relay: Pick<WebhookRelay, "enqueue">;
  /** Also how old a pending delivery must be before the sweep touches it. 0: never sweep. */
  intervalMs: number;
  logger: Pick<Logger, "warn" | "info">;
}

export interface DeliverySweep {
  sweepOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startDeliverySweep(options: DeliverySweepOptions): DeliverySweep {
  const task = startPeriodicTask({
    intervalMs: options.intervalMs,
    run: async () => {
      const swept = await tryAdvisoryXactLock(options.prisma, "webhookSweep", 30_000, async () => {
        const ids = await pendingDeliveries(options.pool, new Date(Date.now() - options.intervalMs), sweepBatch);
        await options.relay.enqueue(ids);
        return ids.length;
      });
      if (swept) options.logger.info({ deliveries: swept }, "webhook sweep enqueued pending deliveries");
      return swept ?? 0;
    },
    onError: (error) => options.logger.warn({ err: error }, "webhook sweep failed"),
  });
  return { sweepOnce: async () => (await task.runOnce()) ?? 0, stop: task.stop };
}

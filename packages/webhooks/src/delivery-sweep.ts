/**
 * The outbox's safety net: deliveries still pending a while after they were written, because the process that
 * committed them died before enqueueing, or because Redis lost their entry, are enqueued again (an entry that still
 * exists is left as it is). One worker at a time sweeps, under an advisory lock. This is one sweep; the worker
 * repeats it on its interval.
 */
import { pendingDeliveries, tryAdvisoryXactLock, type Pool, type PrismaClient } from "@jobline/db";
import type { WebhookRelay } from "./webhook-relay";

/** The most deliveries one sweep enqueues; the next sweep takes the rest. */
const sweepBatch = 1000;

export interface DeliverySweepOptions {
  prisma: PrismaClient;
  pool: Pool;
  relay: Pick<WebhookRelay, "enqueue">;
  /** How old a pending delivery must be before the sweep touches it (the worker passes its sweep interval). */
  olderThanMs: number;
  logger: { info(details: object, message: string): void };
}

/** Enqueues the deliveries left pending; resolves with how many (0 too when another worker holds the lock). */
export async function sweepPendingDeliveries(options: DeliverySweepOptions): Promise<number> {
  const swept = await tryAdvisoryXactLock(options.prisma, "webhookSweep", 30_000, async () => {
    const ids = await pendingDeliveries(options.pool, new Date(Date.now() - options.olderThanMs), sweepBatch);
    await options.relay.enqueue(ids);
    return ids.length;
  });
  if (swept) options.logger.info({ deliveries: swept }, "webhook sweep enqueued pending deliveries");
  return swept ?? 0;
}

/**
 * From the outbox to the queue, in whichever process committed the terminal move (the worker, or the API for a
 * cancel): a door listener enqueues the deliveries the move wrote and marks them enqueued. Changes of jobs without a
 * callback URL cost no query. If this process dies first, the worker's sweep enqueues what was left.
 */
import { markDeliveriesEnqueued, unenqueuedDeliveriesOf, type JobChange, type JobChangeListener, type Pool } from "@jobline/db";
import type { Queue } from "bullmq";
import { enqueueDeliveries, type WebhookJobData } from "@jobline/queues";

const terminal: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"]);

export interface WebhookRelay {
  /** Register with the door's `onChange`. */
  listener: JobChangeListener;
  /** Enqueues deliveries by id and marks them enqueued (the sweep uses it too). */
  enqueue(deliveryIds: readonly string[]): Promise<void>;
  /** Resolves when every relay started so far has finished (shutdown, tests). */
  flush(): Promise<void>;
}

export function createWebhookRelay(options: { pool: Pool; queue: Queue<WebhookJobData>; onError(error: unknown): void }): WebhookRelay {
  const inFlight = new Set<Promise<void>>();
  const enqueue = async (deliveryIds: readonly string[]) => {
    if (deliveryIds.length === 0) return;
    await enqueueDeliveries(options.queue, deliveryIds);
    await markDeliveriesEnqueued(options.pool, deliveryIds, new Date());
  };
  const relay = (changes: readonly JobChange[]) => {
    const jobIds = changes
      .filter((change) => change.hasCallback && change.event === "status" && terminal.has(change.status))
      .map((change) => change.jobId);
    if (jobIds.length === 0) return;
    const run: Promise<void> = unenqueuedDeliveriesOf(options.pool, jobIds)
      .then(enqueue)
      .catch(options.onError)
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };
  return {
    listener: relay,
    enqueue,
    async flush() {
      await Promise.all([...inFlight]);
    },
  };
}

/**
 * The stream of every event of an owner's jobs (an admin's: every owner's), for dashboards. Events of different jobs
 * may arrive in any order (they come from different processes), so unlike a job's stream this one does not drop an
 * event for having a lower id than one sent before; it drops only what it already sent. Resuming with
 * `Last-Event-ID` replays the stored events after it within `ownerReplayBound`: best effort, not a full history.
 * Progress reports are sent live only.
 */
import { allOwnersEventPattern, ownerEventChannel } from "@jobline/events";
import type { Pool } from "@jobline/db";
import type { JobEvent } from "@jobline/contract";
import type { EventHub } from "./event-hub";
import { ownerReplayBound, readOwnerEvents } from "./event-store";
import { oneAtATime } from "./one-at-a-time";
import type { SseResponse } from "./sse-response";

export interface OwnerStreamDeps {
  pool: Pool;
  hub: EventHub;
  prefix: string;
  onError(error: unknown): void;
}

/** Ids sent recently, to drop a live event a replay already sent; bounded like the replay. */
function recentIds(capacity: number) {
  const ids = new Set<string>();
  return {
    has: (id: string) => ids.has(id),
    add(id: string) {
      ids.add(id);
      if (ids.size > capacity) ids.delete(ids.values().next().value!);
    },
  };
}

export async function streamOwnerEvents(
  deps: OwnerStreamDeps,
  sse: SseResponse,
  query: { ownerId: string | null; type?: string; lastEventId: bigint | null },
): Promise<void> {
  const sent = recentIds(2 * ownerReplayBound.maxEvents);
  let highest = query.lastEventId;
  const steps = oneAtATime(
    () => sse.closed,
    (error) => {
      deps.onError(error);
      sse.end();
    },
  );

  const send = (event: JobEvent) => {
    if (sent.has(event.id) || sse.closed) return;
    sse.send(event);
    sent.add(event.id);
    if (highest === null || BigInt(event.id) > highest) highest = BigInt(event.id);
  };

  const replay = async () => {
    if (highest === null) return;
    for (const { event } of await readOwnerEvents(deps.pool, { ownerId: query.ownerId, after: highest, type: query.type, now: new Date() }))
      send(event);
  };

  const listener = (message: { jobType: string; event: JobEvent }) => {
    if (query.type === undefined || message.jobType === query.type) steps.run(async () => send(message.event));
  };
  const unsubscribe =
    query.ownerId === null
      ? await deps.hub.subscribePattern(allOwnersEventPattern(deps.prefix), listener)
      : await deps.hub.subscribe(ownerEventChannel(deps.prefix, query.ownerId), listener);
  const stopResync = deps.hub.onResubscribed(() => steps.run(replay));
  sse.onClose(() => {
    unsubscribe();
    stopResync();
  });
  steps.run(replay);
}

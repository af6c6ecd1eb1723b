/**
 * A job's event stream: what already happened (after the client's last event id), then live, in id order without a
 * gap or a repeat, ending after the terminal event.
 *
 * Why this order holds across processes: every write of a job (a status move, a progress report) locks the job's
 * row and takes its number from the events' sequence after locking, and the lock is held until commit. So a job's
 * numbers follow the order its writes commit in: when the write numbered S has committed, every write of the job
 * numbered below S has committed too. Messages from different processes (the API's cancel, the worker's progress)
 * may still arrive out of order. Hence, for a live message numbered S:
 *   - S <= lastSent: already sent (by the replay, or read from Postgres for an earlier message): dropped;
 *   - otherwise the job's stored events with lastSent < id < S are read from Postgres (all committed by now, and
 *     possibly never received: lost, or still on their way) and sent in order, then S itself; lastSent = S.
 * Nothing with an id <= lastSent is ever sent. The stream subscribes before it replays, so a change committed during
 * the replay is either in the replay or arrives as a message afterwards; every step runs one after the other.
 */
import { ownerEventChannel, type JobEventMessage } from "@jobline/events";
import type { Pool } from "@jobline/db";
import { isTerminal, isTerminalJobEvent, type JobEvent } from "@jobline/contract";
import type { EventHub } from "./event-hub";
import { readJobEvents, readJobTail } from "./event-store";
import { oneAtATime } from "./one-at-a-time";
import type { SseResponse } from "./sse-response";

export interface JobStreamDeps {
  pool: Pool;
  hub: EventHub;
  prefix: string;
  onError(error: unknown): void;
}

export async function streamJobEvents(
  deps: JobStreamDeps,
  sse: SseResponse,
  job: { id: string; ownerId: string; lastEventId: bigint },
  /** The caller's owner scope (null for an admin), which the stored events are read under. */
  scopeOwnerId: string | null,
): Promise<void> {
  const { pool } = deps;
  const scope = { jobId: job.id, ownerId: scopeOwnerId };
  let lastSent = job.lastEventId;
  const steps = oneAtATime(
    () => sse.closed,
    (error) => {
      deps.onError(error);
      sse.end();
    },
  );

  const send = (event: JobEvent) => {
    if (BigInt(event.id) <= lastSent || sse.closed) return;
    sse.send(event);
    lastSent = BigInt(event.id);
    if (isTerminalJobEvent(event)) sse.end();
  };

  /** Everything after lastSent: the stored events, and the latest progress if no status change followed it. */
  const catchUp = async () => {
    const stored = await readJobEvents(pool, { ...scope, after: lastSent });
    const tail = await readJobTail(pool, { ...scope, after: lastSent });
    const events = tail?.progress ? [...stored, tail.progress] : stored;
    for (const event of events.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))) send(event);
    // Gone (swept), or finished with its terminal event at or before the client's last event id.
    if (!tail || isTerminal(tail.status)) sse.end();
  };

  const live = async ({ event }: JobEventMessage) => {
    const seq = BigInt(event.id);
    if (seq <= lastSent) return;
    for (const missed of await readJobEvents(pool, { ...scope, after: lastSent, before: seq })) send(missed);
    send(event);
  };

  const channel = ownerEventChannel(deps.prefix, job.ownerId);
  const unsubscribe = await deps.hub.subscribeJob(channel, job.id, (message) => steps.run(() => live(message)));
  const stopResync = deps.hub.onResubscribed(() => steps.run(catchUp));
  sse.onClose(() => {
    unsubscribe();
    stopResync();
  });
  steps.run(catchUp);
}

/**
 * Live events between processes: whichever process commits a change of a job (the API for creates, cancels and
 * re-drives; the worker for starts, progress and outcomes) PUBLISHes it, and every API process holding a stream of
 * that job or its owner receives it. Two channels per change: `<prefix>:events:job:<jobId>` for a job's stream and
 * `<prefix>:events:owner:<ownerId>` for the owner's (an admin's stream takes every owner's with a pattern).
 *
 * Pub/sub is fire-and-forget: a message lost anyway (a process that died holding it, more than the publisher holds)
 * is found again in Postgres by the streams (they read what they missed before the next message they get, and all of
 * it when their subscriber reconnects).
 */
import { toJobEvent, type JobError, type JobEvent, type JobEventKind, type JobStatus } from "@jobline/jobs";
import type { Redis } from "ioredis";

/** A committed change as the door announces it (the structural part of `@jobline/db`'s `JobChange`). */
export interface PublishableChange {
  seq: string;
  jobId: string;
  ownerId: string;
  type: string;
  event: JobEventKind;
  status: JobStatus;
  attempt: number;
  progress: number;
  error: JobError | null;
  at: Date;
}

/** What travels on the channels, as JSON: the event document plus what streams filter by. */
export interface JobEventMessage {
  ownerId: string;
  jobType: string;
  event: JobEvent;
}

export function jobEventChannel(prefix: string, jobId: string): string {
  return `${prefix}:events:job:${jobId}`;
}

export function ownerEventChannel(prefix: string, ownerId: string): string {
  return `${prefix}:events:owner:${ownerId}`;
}

/** Every owner's channel: an admin's stream of all events. */
export function allOwnersEventPattern(prefix: string): string {
  return ownerEventChannel(prefix, "*");
}

/** Null for anything that is not a message this module wrote. */
export function parseJobEventMessage(text: string): JobEventMessage | null {
  try {
    const value = JSON.parse(text) as Partial<JobEventMessage> | null;
    if (typeof value?.ownerId !== "string" || typeof value.jobType !== "string") return null;
    const event = value.event;
    return typeof event?.id === "string" && typeof event.jobId === "string" && typeof event.type === "string" ? (value as JobEventMessage) : null;
  } catch {
    return null;
  }
}

/** Messages kept while the connection is away: enough for a blip at full speed, bounded for a long outage. */
export const maxHeldMessages = 50_000;

/**
 * A door listener that publishes every announced change on its two channels, one pipeline per announced set. It
 * never waits and never throws: a failed publish is reported to `onError` and dropped (see above). While the
 * connection is not ready the messages are held (at most `maxHeldMessages`, the oldest dropped first) and sent once
 * it is ready again: a worker whose connection blinked while the API's subscriber stayed up would otherwise leave a
 * stream waiting for a terminal event that was never sent.
 */
export function changePublisher(
  redis: Redis,
  prefix: string,
  onError: (error: unknown) => void,
  maxHeld = maxHeldMessages,
): (changes: readonly PublishableChange[]) => void {
  let held: Array<[channel: string, text: string]> = [];
  let dropped = 0;
  const send = (messages: ReadonlyArray<[string, string]>) => {
    const pipeline = redis.pipeline();
    for (const [channel, text] of messages) pipeline.publish(channel, text);
    pipeline.exec().then(
      (replies) => {
        const failed = replies?.find(([error]) => error);
        if (failed) onError(failed[0]);
      },
      onError,
    );
  };
  redis.on("ready", () => {
    if (held.length === 0) return;
    if (dropped > 0) onError(new Error(`${dropped} job event messages were dropped while Redis was unreachable`));
    const messages = held;
    held = [];
    dropped = 0;
    send(messages);
  });
  return (changes) => {
    if (changes.length === 0) return;
    const messages: Array<[string, string]> = [];
    for (const change of changes) {
      const message: JobEventMessage = { ownerId: change.ownerId, jobType: change.type, event: toJobEvent({ ...change, kind: change.event }) };
      const text = JSON.stringify(message);
      messages.push([jobEventChannel(prefix, change.jobId), text], [ownerEventChannel(prefix, change.ownerId), text]);
    }
    if (redis.status === "ready") return send(messages);
    held.push(...messages);
    if (held.length > maxHeld) {
      dropped += held.length - maxHeld;
      held = held.slice(held.length - maxHeld);
    }
  };
}

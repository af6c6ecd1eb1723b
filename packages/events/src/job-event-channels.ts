/**
 * Live events between processes: whichever process commits a change of a job (the API for creates, cancels and
 * re-drives; the worker for starts, progress and outcomes) PUBLISHes it, and every API process holding a stream of
 * that job or its owner receives it. One channel per owner, `<prefix>:events:owner:<ownerId>`: an owner's stream takes
 * it whole, a job's stream takes its job's messages from it (the API's event hub routes them by job id), and an admin's
 * stream takes every owner's with a pattern. A channel per job as well cost the worker a PUBLISH per job of every set
 * it wrote (12% of its CPU in a drain); one per owner makes a set of completions one PUBLISH.
 *
 * Pub/sub is fire-and-forget: a message lost anyway (a process that died holding it, more than the publisher holds)
 * is found again in Postgres by the streams (they read what they missed before the next message they get, and all of
 * it when their subscriber reconnects).
 */
import { toJobEvent, type JobError, type JobEvent, type JobEventKind, type JobStatus } from "@jobline/contract";
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

/** What travels on the channels, as a JSON array per PUBLISH: the event document plus what streams filter by. */
export interface JobEventMessage {
  ownerId: string;
  jobType: string;
  event: JobEvent;
}

export function ownerEventChannel(prefix: string, ownerId: string): string {
  return `${prefix}:events:owner:${ownerId}`;
}

/** Every owner's channel: an admin's stream of all events. */
export function allOwnersEventPattern(prefix: string): string {
  return ownerEventChannel(prefix, "*");
}

function isJobEventMessage(value: unknown): value is JobEventMessage {
  const message = value as Partial<JobEventMessage> | null;
  const event = message?.event;
  return (
    typeof message?.ownerId === "string" &&
    typeof message.jobType === "string" &&
    typeof event?.id === "string" &&
    typeof event.jobId === "string" &&
    typeof event.type === "string"
  );
}

/** The messages of one PUBLISH (a JSON array, in order); empty for anything this module did not write. */
export function parseJobEventMessages(text: string): JobEventMessage[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every(isJobEventMessage) ? value : [];
  } catch {
    return [];
  }
}

/** One message list per owner's channel for a set of changes, in the set's order: a batch of 500 creations is one PUBLISH. */
function channelMessages(prefix: string, changes: readonly PublishableChange[]): Map<string, JobEventMessage[]> {
  const byChannel = new Map<string, JobEventMessage[]>();
  for (const change of changes) {
    const message: JobEventMessage = {
      ownerId: change.ownerId,
      jobType: change.type,
      event: toJobEvent({ ...change, kind: change.event }),
    };
    const channel = ownerEventChannel(prefix, change.ownerId);
    const list = byChannel.get(channel);
    if (list) list.push(message);
    else byChannel.set(channel, [message]);
  }
  return byChannel;
}

/** PUBLISHes kept while the connection is away: enough for a blip at full speed, bounded for a long outage. */
export const maxHeldMessages = 50_000;

/**
 * A door listener that publishes every announced change on its owner's channel, one pipeline per announced set. It
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
    // A set is usually one owner's: one PUBLISH needs no pipeline (building one cost as much as the publish).
    if (messages.length === 1) {
      redis.publish(...messages[0]!).catch(onError);
      return;
    }
    const pipeline = redis.pipeline();
    for (const [channel, text] of messages) pipeline.publish(channel, text);
    pipeline.exec().then((replies) => {
      const failed = replies?.find(([error]) => error);
      if (failed) onError(failed[0]);
    }, onError);
  };
  redis.on("ready", () => {
    if (held.length === 0) return;
    if (dropped > 0) onError(new Error(`${dropped} job event publishes were dropped while Redis was unreachable`));
    const messages = held;
    held = [];
    dropped = 0;
    send(messages);
  });
  return (changes) => {
    if (changes.length === 0) return;
    const messages = [...channelMessages(prefix, changes)].map(([channel, list]): [string, string] => [channel, JSON.stringify(list)]);
    if (redis.status === "ready") return send(messages);
    held.push(...messages);
    if (held.length > maxHeld) {
      dropped += held.length - maxHeld;
      held = held.slice(held.length - maxHeld);
    }
  };
}

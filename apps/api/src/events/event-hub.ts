/**
 * The API process's one subscriber connection for live events. Streams subscribe to an owner's channel, whole (an
 * owner's stream) or for one job's messages (a job's stream: the hub routes each message by its job id, so a
 * thousand streams of one owner's jobs cost a map lookup per message, not a thousand calls), or to the pattern of
 * every owner's channel (an admin's stream). Each channel is SUBSCRIBEd once however many streams want it, and
 * UNSUBSCRIBEd when the last of them goes, so a closed stream leaves nothing behind.
 *
 * After the connection comes back from a Redis drop, the hub subscribes again to everything still wanted and only
 * then tells the streams (`onResubscribed`): each reads from Postgres what was published while it was away.
 */
import { parseJobEventMessages, type JobEventMessage } from "@jobline/events";
import type { Redis } from "ioredis";

export type EventListener = (message: JobEventMessage) => void;

export interface EventHub {
  /** Every message of a channel. Resolves once Redis has confirmed the subscription, with its removal. */
  subscribe(channel: string, listener: EventListener): Promise<() => void>;
  /** The messages of one job on its owner's channel; otherwise as `subscribe`. */
  subscribeJob(channel: string, jobId: string, listener: EventListener): Promise<() => void>;
  /** Every message of the channels a pattern matches (PSUBSCRIBE). */
  subscribePattern(pattern: string, listener: EventListener): Promise<() => void>;
  /** Called after every reconnect, once the subscriptions are back. */
  onResubscribed(listener: () => void): () => void;
  /** Channels and patterns subscribed now. */
  subscriptionCount(): number;
  close(): Promise<void>;
}

/** Who listens on one channel (or pattern): to all of it, or by job. */
interface Entry {
  all: Set<EventListener>;
  byJob: Map<string, Set<EventListener>>;
  confirmed: Promise<unknown>;
}

interface Subscriptions {
  entries: Map<string, Entry>;
  subscribe(name: string): Promise<unknown>;
  unsubscribe(name: string): Promise<unknown>;
}

function dispatch(subscriptions: Subscriptions, name: string, text: string): void {
  const entry = subscriptions.entries.get(name);
  if (!entry) return;
  for (const message of parseJobEventMessages(text)) {
    for (const listener of [...entry.all]) listener(message);
    const ofJob = entry.byJob.get(message.event.jobId);
    if (ofJob) for (const listener of [...ofJob]) listener(message);
  }
}

async function add(subscriptions: Subscriptions, name: string, listener: EventListener, jobId?: string): Promise<() => void> {
  let entry = subscriptions.entries.get(name);
  if (!entry) {
    entry = { all: new Set(), byJob: new Map(), confirmed: subscriptions.subscribe(name) };
    subscriptions.entries.set(name, entry);
  }
  const own = entry;
  let listeners = jobId === undefined ? own.all : own.byJob.get(jobId);
  if (!listeners) own.byJob.set(jobId!, (listeners = new Set()));
  listeners.add(listener);
  const remove = () => {
    if (!listeners.delete(listener)) return;
    if (jobId !== undefined && listeners.size === 0) own.byJob.delete(jobId);
    if (own.all.size > 0 || own.byJob.size > 0 || subscriptions.entries.get(name) !== own) return;
    subscriptions.entries.delete(name);
    // Commands on one connection run in order: a SUBSCRIBE sent after this one is not undone by it.
    subscriptions.unsubscribe(name).catch(() => undefined);
  };
  try {
    await own.confirmed;
  } catch (error) {
    remove();
    throw error;
  }
  return remove;
}

/** `subscriber` must be a connection of its own (it enters subscriber mode) created with `autoResubscribe: false`. */
export function createEventHub(subscriber: Redis, onError: (error: unknown) => void): EventHub {
  const channels: Subscriptions = {
    entries: new Map(),
    subscribe: (name) => subscriber.subscribe(name),
    unsubscribe: (name) => subscriber.unsubscribe(name),
  };
  const patterns: Subscriptions = {
    entries: new Map(),
    subscribe: (name) => subscriber.psubscribe(name),
    unsubscribe: (name) => subscriber.punsubscribe(name),
  };
  const resubscribedListeners = new Set<() => void>();
  let connectedBefore = false;

  subscriber.on("message", (channel: string, text: string) => dispatch(channels, channel, text));
  subscriber.on("pmessage", (pattern: string, _channel: string, text: string) => dispatch(patterns, pattern, text));
  subscriber.on("ready", () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    const again = [...channels.entries.keys()].map((name) => channels.subscribe(name));
    again.push(...[...patterns.entries.keys()].map((name) => patterns.subscribe(name)));
    Promise.all(again).then(() => {
      for (const listener of [...resubscribedListeners]) listener();
    }, onError);
  });

  return {
    subscribe: (channel, listener) => add(channels, channel, listener),
    subscribeJob: (channel, jobId, listener) => add(channels, channel, listener, jobId),
    subscribePattern: (pattern, listener) => add(patterns, pattern, listener),
    onResubscribed(listener) {
      resubscribedListeners.add(listener);
      return () => resubscribedListeners.delete(listener);
    },
    subscriptionCount: () => channels.entries.size + patterns.entries.size,
    async close() {
      subscriber.disconnect();
    },
  };
}

/**
 * The API process's one subscriber connection for live events. Streams subscribe to a channel (a job's, an owner's)
 * or to the pattern of every owner's channel (an admin's stream); each channel is SUBSCRIBEd once however many
 * streams want it, and UNSUBSCRIBEd when the last of them goes, so a closed stream leaves nothing behind.
 *
 * After the connection comes back from a Redis drop, the hub subscribes again to everything still wanted and only
 * then tells the streams (`onResubscribed`): each reads from Postgres what was published while it was away.
 */
import { parseJobEventMessages, type JobEventMessage } from "@jobline/events";
import type { Redis } from "ioredis";

export type EventListener = (message: JobEventMessage) => void;

export interface EventHub {
  /** Resolves once Redis has confirmed the subscription, with its removal. */
  subscribe(channel: string, listener: EventListener): Promise<() => void>;
  /** The same for a pattern (PSUBSCRIBE). */
  subscribePattern(pattern: string, listener: EventListener): Promise<() => void>;
  /** Called after every reconnect, once the subscriptions are back. */
  onResubscribed(listener: () => void): () => void;
  /** Channels and patterns subscribed now. */
  subscriptionCount(): number;
  close(): Promise<void>;
}

interface Subscriptions {
  listeners: Map<string, { listeners: Set<EventListener>; confirmed: Promise<unknown> }>;
  subscribe(name: string): Promise<unknown>;
  unsubscribe(name: string): Promise<unknown>;
}

function dispatch(subscriptions: Subscriptions, name: string, text: string): void {
  const entry = subscriptions.listeners.get(name);
  if (!entry) return;
  for (const message of parseJobEventMessages(text)) {
    for (const listener of [...entry.listeners]) listener(message);
  }
}

async function add(subscriptions: Subscriptions, name: string, listener: EventListener): Promise<() => void> {
  let entry = subscriptions.listeners.get(name);
  if (!entry) {
    entry = { listeners: new Set(), confirmed: subscriptions.subscribe(name) };
    subscriptions.listeners.set(name, entry);
  }
  entry.listeners.add(listener);
  const remove = () => {
    const current = subscriptions.listeners.get(name);
    if (!current?.listeners.delete(listener) || current.listeners.size > 0) return;
    subscriptions.listeners.delete(name);
    // Commands on one connection run in order: a SUBSCRIBE sent after this one is not undone by it.
    subscriptions.unsubscribe(name).catch(() => undefined);
  };
  try {
    await entry.confirmed;
  } catch (error) {
    remove();
    throw error;
  }
  return remove;
}

/** `subscriber` must be a connection of its own (it enters subscriber mode) created with `autoResubscribe: false`. */
export function createEventHub(subscriber: Redis, onError: (error: unknown) => void): EventHub {
  const channels: Subscriptions = {
    listeners: new Map(),
    subscribe: (name) => subscriber.subscribe(name),
    unsubscribe: (name) => subscriber.unsubscribe(name),
  };
  const patterns: Subscriptions = {
    listeners: new Map(),
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
    const again = [...channels.listeners.keys()].map((name) => channels.subscribe(name));
    again.push(...[...patterns.listeners.keys()].map((name) => patterns.subscribe(name)));
    Promise.all(again).then(() => {
      for (const listener of [...resubscribedListeners]) listener();
    }, onError);
  });

  return {
    subscribe: (channel, listener) => add(channels, channel, listener),
    subscribePattern: (pattern, listener) => add(patterns, pattern, listener),
    onResubscribed(listener) {
      resubscribedListeners.add(listener);
      return () => resubscribedListeners.delete(listener);
    },
    subscriptionCount: () => channels.listeners.size + patterns.listeners.size,
    async close() {
      subscriber.disconnect();
    },
  };
}

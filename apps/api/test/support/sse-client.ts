/** A Server-Sent Events reader for tests: collects events and comments, and waits for them without sleeping. */
import { JobEventSchema, type JobEvent } from "@jobline/contract";

export interface EventStream {
  status: number;
  headers: Headers;
  events: JobEvent[];
  comments: string[];
  /** Every `id:` line, in order (the event's own id must match it). */
  ids: string[];
  /** The reason of the stream's final `end` event, if the server sent one. */
  endReason: string | undefined;
  /** Resolves when the server ends the stream (not when the client closes it). */
  ended: Promise<void>;
  /** Resolves once `done(this)` holds, checked on every frame; fails after `timeoutMs`. */
  until(done: (stream: EventStream) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** The client goes away. */
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const waiters = new Set<() => void>();
  let endedResolve!: () => void;
  const stream: EventStream = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: [],
    ids: [],
    endReason: undefined,
    ended: new Promise<void>((resolve) => (endedResolve = resolve)),
    until(done, what, timeoutMs = 15_000) {
      if (done(stream)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!done(stream)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; got ${stream.events.map((e) => `${e.id}:${e.type}`).join(" ")}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
  const frame = (text: string) => {
    const fields = new Map<string, string>();
    for (const line of text.split("\n")) {
      if (line.startsWith(":")) stream.comments.push(line.slice(1).trim());
      else if (line.includes(":")) fields.set(line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trimStart());
    }
    if (fields.get("event") === "end") {
      // No id: a client resuming after it must not skip past the last real event.
      expect(fields.has("id")).toBe(false);
      stream.endReason = (JSON.parse(fields.get("data")!) as { reason: string }).reason;
    } else if (fields.has("data")) {
      const event = JobEventSchema.parse(JSON.parse(fields.get("data")!));
      expect({ id: fields.get("id"), event: fields.get("event") }).toEqual({ id: event.id, event: event.type });
      stream.ids.push(fields.get("id")!);
      stream.events.push(event);
    }
    for (const waiter of [...waiters]) waiter();
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      endedResolve();
    } catch {
      // Closed by the client (abort) or cut off: `ended` stays pending for an abort; a cut-off ends it.
      if (!abort.signal.aborted) endedResolve();
    }
    for (const waiter of [...waiters]) waiter();
  })();
  return stream;
}

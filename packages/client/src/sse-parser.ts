/**
 * Reads a `text/event-stream` body (the WHATWG server-sent events format) into messages, without EventSource:
 * EventSource cannot send an Authorization header, and Node 20 has none.
 */

export interface ServerSentMessage {
  /** The last `id:` seen so far in the stream (it carries over to messages without one), or undefined. */
  id: string | undefined;
  /** `event:`, "message" when absent. */
  event: string;
  data: string;
}

/**
 * The messages of `body` as they arrive; comments (`: keep-alive`) are skipped; ends when the body ends. `signal`
 * stops the read even where the body does not follow its request's signal (a fetch wrapper's own stream).
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<ServerSentMessage> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const stop = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener("abort", stop, { once: true });
  let buffer = "";
  let lastId: string | undefined;
  let event = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A lone "\r" at the end may be the first half of "\r\n": keep it until the next chunk says.
      const lines = buffer.split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0) yield { id: lastId, event: event || "message", data: data.join("\n") };
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "event") event = value;
        else if (field === "id" && !value.includes("\u0000")) lastId = value;
      }
      // A message not closed by a blank line when the stream ends is dropped, as the format says.
      if (done) return;
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    await reader.cancel().catch(() => undefined);
  }
}

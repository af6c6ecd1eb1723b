/**
 * A live stream of job events over SSE that survives dropped connections: it reconnects with `Last-Event-ID` (the
 * API then replays what was missed, without gaps or repeats) after a jittered backoff, and gives up after
 * `reconnects` tries in a row that brought no event.
 */
import { JoblineError } from "./api-errors";
import type { HttpClient, Query } from "./http-client";
import { NetworkError } from "./network-error";
import type { JobEvent } from "./job";
import { backoffDelay, sleep } from "./retry-policy";
import { readServerSentEvents } from "./sse-parser";

/** The API answered a stream request with something that is not a stream (an old API, a proxy's page). */
export class StreamUnsupportedError extends Error {
  override name = "StreamUnsupportedError";
}

export interface EventStreamOptions {
  /** Resume after this event (the `id` of the last event you handled). */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Reconnections in a row without an event before the stream gives up with the last error. Default 5. */
  reconnects?: number;
}

export interface EventStreamRequest extends EventStreamOptions {
  path: string;
  query?: Query;
  /** Whether the stream is over after this event (the API closes it too, but a proxy may not pass that on). */
  isLast?: (event: JobEvent) => boolean;
}

const reconnectBaseMs = 500;
const reconnectMaxDelayMs = 10_000;

/** Errors that a new connection cannot fix. */
function isPermanent(error: unknown): boolean {
  return error instanceof StreamUnsupportedError || (error instanceof JoblineError && error.status < 500 && error.status !== 429);
}

export async function* streamEvents(http: HttpClient, request: EventStreamRequest): AsyncGenerator<JobEvent> {
  let lastEventId = request.lastEventId;
  const reconnects = request.reconnects ?? 5;
  let failures = 0;
  let lastError: unknown;
  for (;;) {
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
      const response = await http.response("GET", request.path, { query: request.query, headers, signal: request.signal, stream: true });
      if (!response.headers.get("Content-Type")?.startsWith("text/event-stream") || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new StreamUnsupportedError(`GET ${request.path} did not answer with text/event-stream`);
      }
      for await (const message of readServerSentEvents(response.body, request.signal)) {
        const event = JSON.parse(message.data) as JobEvent;
        lastEventId = message.id ?? event.id;
        failures = 0;
        yield event;
        if (request.isLast?.(event)) return;
      }
      // The API closes a job's stream only after its last event, and never the firehose: anything else is a drop.
      lastError = new NetworkError(`GET ${request.path}: the stream closed before its last event`);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (isPermanent(error)) throw error;
      lastError = error;
    }
    if (failures >= reconnects) throw lastError;
    await sleep(backoffDelay(failures, reconnectBaseMs, reconnectMaxDelayMs), request.signal);
    failures++;
  }
}

/**
 * A live stream of job events over SSE that survives dropped connections: it reconnects with `Last-Event-ID` (the
 * API then replays what was missed, without gaps or repeats) after a jittered backoff, and gives up after
 * `reconnects` tries in a row that brought no event. A stream the API ends at its longest lifetime (`end` event,
 * `max-lifetime`) is resumed at once; one it ends because the token no longer verifies (`token-invalid`) throws.
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

/** The API ended the stream because its token was revoked or expired: a new connection with it would be refused. */
export class StreamTokenInvalidError extends Error {
  override name = "StreamTokenInvalidError";
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
  return (
    error instanceof StreamUnsupportedError ||
    error instanceof StreamTokenInvalidError ||
    (error instanceof JoblineError && error.status < 500 && error.status !== 429)
  );
}

/** The reason of the API's final `end` event. */
function endReasonOf(data: string): string | undefined {
  try {
    return (JSON.parse(data) as { reason?: string }).reason;
  } catch {
    return undefined;
  }
}

export async function* streamEvents(http: HttpClient, request: EventStreamRequest): AsyncGenerator<JobEvent> {
  let lastEventId = request.lastEventId;
  const reconnects = request.reconnects ?? 5;
  let failures = 0;
  let lastError: unknown;
  for (;;) {
    let resumeAtOnce = false;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
      const response = await http.response("GET", request.path, { query: request.query, headers, signal: request.signal, stream: true });
      if (!response.headers.get("Content-Type")?.startsWith("text/event-stream") || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new StreamUnsupportedError(`GET ${request.path} did not answer with text/event-stream`);
      }
      for await (const message of readServerSentEvents(response.body, request.signal)) {
        if (message.event === "end") {
          const reason = endReasonOf(message.data);
          if (reason === "token-invalid") throw new StreamTokenInvalidError(`GET ${request.path}: the token was revoked or has expired`);
          resumeAtOnce = reason === "max-lifetime";
          break;
        }
        const event = JSON.parse(message.data) as JobEvent;
        lastEventId = message.id ?? event.id;
        failures = 0;
        yield event;
        if (request.isLast?.(event)) return;
      }
      // The API closes a stream only after a job's last event or with an `end` event: anything else is a drop.
      lastError = new NetworkError(`GET ${request.path}: the stream closed before its last event`);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (isPermanent(error)) throw error;
      lastError = error;
    }
    if (resumeAtOnce) continue;
    if (failures >= reconnects) throw lastError;
    await sleep(backoffDelay(failures, reconnectBaseMs, reconnectMaxDelayMs), request.signal);
    failures++;
  }
}

/**
 * The event streams this process holds open. Shutdown ends them all first: `server.close` waits for open
 * connections, and a stream would otherwise keep it waiting until its job finished.
 *
 * Bounded per token, per owner and in all: a stream holds a socket, a timer, a subscription and up to its buffer, and
 * `GET /v1/events` never ends by itself, so without a bound one token could open streams until the process runs
 * out of descriptors. A token's own bound sits below its owner's, so that one token (a READER handed to a dashboard)
 * cannot take its owner's whole allowance. The bounds are per process (streams are spread over the API processes by whatever balances
 * the load).
 */
import type { Gauge } from "prom-client";
import type { SseResponse } from "./sse-response";

export interface StreamBounds {
  /** Streams one owner may hold open in this process. */
  perOwner: number;
  /** Streams one token may hold open in this process (below `perOwner`). */
  perToken: number;
  /** Streams this process holds open, every owner together. */
  total: number;
}

/** Who holds a stream: the token it was opened with, and that token's owner. */
export interface StreamHolder {
  ownerId: string;
  apiKeyId: string;
}

/** A count per key that forgets a key at zero. */
function counts() {
  const byKey = new Map<string, number>();
  return {
    of: (key: string) => byKey.get(key) ?? 0,
    inc: (key: string) => byKey.set(key, (byKey.get(key) ?? 0) + 1),
    dec(key: string) {
      const left = (byKey.get(key) ?? 1) - 1;
      if (left > 0) byKey.set(key, left);
      else byKey.delete(key);
    },
  };
}

export interface OpenStreams {
  /** Why this token may not open another stream now (it, its owner or the process is at its bound), or null; ask before it opens. */
  refusalFor(holder: StreamHolder): string | null;
  add(stream: SseResponse, holder: StreamHolder): void;
  endAll(): void;
  readonly size: number;
}

export function createOpenStreams(gauge: Gauge, bounds: StreamBounds): OpenStreams {
  const streams = new Set<SseResponse>();
  const perOwner = counts();
  const perToken = counts();
  return {
    refusalFor({ ownerId, apiKeyId }) {
      if (perToken.of(apiKeyId) >= bounds.perToken)
        return `this token already holds ${bounds.perToken} event streams on this server; close one first`;
      if (perOwner.of(ownerId) >= bounds.perOwner)
        return `this owner already holds ${bounds.perOwner} event streams on this server; close one first`;
      if (streams.size >= bounds.total) return `this server holds ${bounds.total} event streams; try again shortly`;
      return null;
    },
    add(stream, { ownerId, apiKeyId }) {
      streams.add(stream);
      perOwner.inc(ownerId);
      perToken.inc(apiKeyId);
      gauge.inc();
      stream.onClose(() => {
        if (!streams.delete(stream)) return;
        gauge.dec();
        perOwner.dec(ownerId);
        perToken.dec(apiKeyId);
      });
    },
    endAll() {
      for (const stream of [...streams]) stream.end();
    },
    get size() {
      return streams.size;
    },
  };
}

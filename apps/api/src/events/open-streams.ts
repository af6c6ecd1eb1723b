/**
 * The event streams this process holds open. Shutdown ends them all first: `server.close` waits for open
 * connections, and a stream would otherwise keep it waiting until its job finished.
 *
 * Bounded per owner and in all: a stream holds a socket, a timer, a subscription and up to its buffer, and
 * `GET /v1/events` never ends by itself, so without a bound one token could open streams until the process runs
 * out of descriptors. The bounds are per process (streams are spread over the API processes by whatever balances
 * the load).
 */
import type { Gauge } from "prom-client";
import type { SseResponse } from "./sse-response";

export interface StreamBounds {
  /** Streams one owner may hold open in this process. */
  perOwner: number;
  /** Streams this process holds open, every owner together. */
  total: number;
}

export interface OpenStreams {
  /** Why `ownerId` may not open another stream now (it, or the process, is at its bound), or null; ask before it opens. */
  refusalFor(ownerId: string): string | null;
  add(stream: SseResponse, ownerId: string): void;
  endAll(): void;
  readonly size: number;
}

export function createOpenStreams(gauge: Gauge, bounds: StreamBounds): OpenStreams {
  const streams = new Set<SseResponse>();
  const perOwner = new Map<string, number>();
  return {
    refusalFor(ownerId) {
      if ((perOwner.get(ownerId) ?? 0) >= bounds.perOwner)
        return `this owner already holds ${bounds.perOwner} event streams on this server; close one first`;
      if (streams.size >= bounds.total) return `this server holds ${bounds.total} event streams; try again shortly`;
      return null;
    },
    add(stream, ownerId) {
      streams.add(stream);
      perOwner.set(ownerId, (perOwner.get(ownerId) ?? 0) + 1);
      gauge.inc();
      stream.onClose(() => {
        if (!streams.delete(stream)) return;
        gauge.dec();
        const left = (perOwner.get(ownerId) ?? 1) - 1;
        if (left > 0) perOwner.set(ownerId, left);
        else perOwner.delete(ownerId);
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

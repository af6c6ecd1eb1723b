/**
 * The event streams this process holds open. Shutdown ends them all first: `server.close` waits for open
 * connections, and a stream would otherwise keep it waiting until its job finished.
 */
import type { Gauge } from "prom-client";
import type { SseResponse } from "./sse-response";

export interface OpenStreams {
  add(stream: SseResponse): void;
  endAll(): void;
  readonly size: number;
}

export function createOpenStreams(gauge: Gauge): OpenStreams {
  const streams = new Set<SseResponse>();
  return {
    add(stream) {
      streams.add(stream);
      gauge.inc();
      stream.onClose(() => {
        if (streams.delete(stream)) gauge.dec();
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

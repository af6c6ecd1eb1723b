/**
 * Timeouts for clients that hold a socket without finishing their request, for every HTTP server Jobline runs (the
 * API's, the worker's health and metrics): Node's defaults (five minutes for a request, checked every 30 s) let a
 * body sent at 1 byte/s keep a connection for minutes.
 */
import type { ServerOptions } from "node:http";
import { z } from "zod";

const timeoutMs = (fallback: number) => z.coerce.number().int().min(100).max(3_600_000).default(fallback);

export const httpTimeoutsEnv = {
  HTTP_REQUEST_TIMEOUT_MS: timeoutMs(30_000),
  HTTP_HEADERS_TIMEOUT_MS: timeoutMs(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: timeoutMs(5_000),
};

type HttpTimeoutsValues = z.output<z.ZodObject<typeof httpTimeoutsEnv>>;

/** For `.refine(...headersWithinRequest)` on a schema that spreads `httpTimeoutsEnv`. */
export const headersWithinRequest: [(values: HttpTimeoutsValues) => boolean, { message: string; path: string[] }] = [
  (values) => values.HTTP_HEADERS_TIMEOUT_MS <= values.HTTP_REQUEST_TIMEOUT_MS,
  { message: "must not be longer than HTTP_REQUEST_TIMEOUT_MS (the head is part of the request)", path: ["HTTP_HEADERS_TIMEOUT_MS"] },
];

export interface HttpTimeouts {
  /** The whole request, head and body, must arrive within this; later it is answered 408 and the socket closed. */
  requestTimeoutMs: number;
  /** The request's head must arrive within this (at most `requestTimeoutMs`). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this; behind a load balancer, longer than its idle timeout. */
  keepAliveTimeoutMs: number;
}

export function httpTimeouts(values: HttpTimeoutsValues): HttpTimeouts {
  return {
    requestTimeoutMs: values.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: values.HTTP_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: values.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  };
}

/** The `createServer` options that apply them; Node looks for late requests often enough that a cut comes close to its time. */
export function httpServerOptions(timeouts: HttpTimeouts): ServerOptions {
  return {
    requestTimeout: timeouts.requestTimeoutMs,
    headersTimeout: timeouts.headersTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(
      100,
      Math.min(30_000, Math.floor(Math.min(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs) / 4)),
    ),
  };
}

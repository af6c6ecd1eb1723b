/**
 * The API's HTTP server, with timeouts for clients that hold a socket without finishing their request: Node's
 * defaults (five minutes for a request, checked every 30 s) let a body sent at 1 byte/s keep a connection for minutes.
 */
import { createServer, type Server } from "node:http";
import type express from "express";
import type { HttpTimeouts } from "../config";

/** How often Node looks for requests past their timeouts: often enough that a cut comes close to its time. */
function checkingInterval(timeouts: HttpTimeouts): number {
  return Math.max(100, Math.min(30_000, Math.floor(Math.min(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs) / 4)));
}

export function serveHttp(app: express.Express, port: number, timeouts: HttpTimeouts, onListening?: () => void): Server {
  const server = createServer(
    {
      requestTimeout: timeouts.requestTimeoutMs,
      headersTimeout: timeouts.headersTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkingInterval(timeouts),
    },
    app,
  );
  return server.listen(port, onListening);
}

/** The worker's small HTTP side: liveness for orchestrators and metrics for Prometheus. No framework needed. */
import { createServer, type Server } from "node:http";
import { httpServerOptions, type HttpTimeouts } from "@jobline/config";
import type { AddressInfo } from "node:net";
import type { WorkerMetrics } from "./metrics";

/** A scraper or probe that holds a socket without finishing its request is cut off as the API's clients are. */
export function createHttpServer(metrics: WorkerMetrics, timeouts: HttpTimeouts): Server {
  return createServer(httpServerOptions(timeouts), (request, response) => {
    // Not `new URL(request.url, base)`: it throws on a request target such as `//[`, and a throw here would crash the worker.
    const path = (request.url ?? "/").split("?", 1)[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed\n");
    } else if (path === "/healthz") {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ok\n");
    } else if (path === "/metrics") {
      void metrics.render().then(
        (text) => response.writeHead(200, { "content-type": metrics.contentType }).end(text),
        // A collector that throws must cost one scrape, not the worker.
        (error: unknown) =>
          response.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`metrics failed: ${String(error)}\n`),
      );
    } else {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    }
  });
}

/** Resolves with the port actually bound (the configured one, or a free one for 0). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // A Prometheus scraper's keep-alive connection would otherwise hold close() open.
    server.closeIdleConnections();
  });
}

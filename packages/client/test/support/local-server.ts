import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  url: string;
  /** Every request so far, with when it arrived. */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; at: number }[];
  close(): Promise<void>;
}

/** A tiny HTTP server on a free port for behaviours the real API cannot be made to show on demand (a 503, a drop). */
export async function startLocalServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, count: number) => void,
): Promise<LocalServer> {
  const requests: LocalServer["requests"] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, at: Date.now() });
    handle(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function problem(res: http.ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/problem+json", ...headers });
  res.end(JSON.stringify({ type: "/problems/x", title: `status ${status}`, status }));
}

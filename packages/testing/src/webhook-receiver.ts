/**
 * A webhook receiver for tests: an HTTP server on 127.0.0.1 that keeps every request it gets (raw body, headers) and
 * answers as the test says, per path and per how many times that path was called. `hang` never answers.
 */
import { EventEmitter, once } from "node:events";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The bytes as they arrived, for signature checks. */
  body: string;
}

export type ReceiverAnswer = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export interface WebhookReceiver {
  url(path: string): string;
  /** Every request to `path` so far. */
  requests(path: string): ReceivedWebhook[];
  /** Resolves with the first `count` requests to `path`, once they have arrived. */
  waitForRequests(path: string, count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** `answer(path, nth)` decides the answer to the nth (1-based) request to `path`; 200 when it returns undefined. */
export async function startWebhookReceiver(
  answer: (path: string, nth: number) => ReceiverAnswer | undefined = () => undefined,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const arrivals = new EventEmitter();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = answer(path, received.filter((r) => r.path === path).length) ?? { status: 200 };
      arrivals.emit("request");
      if (reply === "hang") return;
      res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const requests = (path: string) => received.filter((r) => r.path === path);
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    waitForRequests: (path, count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests(path).length < count) return;
          clearTimeout(timer);
          arrivals.off("request", check);
          resolve(requests(path).slice(0, count));
        };
        const timer = setTimeout(() => {
          arrivals.off("request", check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} requests to ${path} (got ${requests(path).length})`));
        }, timeoutMs);
        arrivals.on("request", check);
        check();
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

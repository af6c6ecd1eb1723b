/**
 * A small JSON client on one keep-alive agent, for the open-loop submissions (paced.ts) and the setup requests.
 * Lighter than fetch: at 1,000 requests a second on 2 cores, the client's own CPU is part of what slows the server.
 */
import http from "node:http";

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export interface JsonClient {
  request(method: "GET" | "POST", path: string, body?: unknown): Promise<JsonAnswer>;
  close(): void;
}

export function jsonClient(baseUrl: string, token?: string): JsonClient {
  // Enough sockets for an open loop to keep sending while the server falls behind.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const request = (method: "GET" | "POST", path: string, body?: unknown): Promise<JsonAnswer> =>
    new Promise((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        new URL(path, baseUrl),
        {
          method,
          agent,
          timeout: 30_000,
          headers: {
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            ...(text === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(text) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = raw;
            try {
              parsed = JSON.parse(raw);
            } catch {
              // Not JSON: the text itself is the answer, for the error message.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on("error", reject);
      req.end(text);
    });
  return { request, close: () => agent.destroy() };
}

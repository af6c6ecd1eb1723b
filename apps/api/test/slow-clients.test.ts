/**
 * Clients that hold a socket without finishing their request: one refused before its body was read is let go at
 * once, and a body that trickles in is cut at the request timeout. Raw sockets, because an HTTP client library
 * would send the body as fast as it can.
 */
import { once } from "node:events";
import type { Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import type { HttpTimeouts } from "@jobline/config";
import { serveHttp } from "../src/http/server";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

/** Short, so the cut comes within the test's own timeout. */
const timeouts: HttpTimeouts = { requestTimeoutMs: 1000, headersTimeoutMs: 1000, keepAliveTimeoutMs: 5000 };

let h: ApiHarness;
let server: Server;
let port: number;
beforeAll(async () => {
  h = await startApiHarness();
  server = serveHttp(h.app, 0, timeouts);
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

/** Opens a socket, sends the head and the first bytes of a body that says it is 100,000 bytes, and collects the answer. */
async function startPost(token?: string): Promise<{ socket: Socket; answer: () => string; closed: Promise<unknown> }> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  const closed = once(socket, "close");
  const authorization = token ? `Authorization: Bearer ${token}\r\n` : "";
  socket.write(
    `POST /v1/jobs HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n${authorization}Content-Length: 100000\r\n\r\n{"type":`,
  );
  return { socket, answer: () => received, closed };
}

test("a request refused before its body was read is answered with Connection: close and its socket closed", async () => {
  const { socket, answer, closed } = await startPost();
  // Keep trickling: the server must not wait for the rest of the body.
  const trickle = setInterval(() => socket.write(" "), 50);
  try {
    await closed;
  } finally {
    clearInterval(trickle);
  }
  expect(answer()).toMatch(/^HTTP\/1\.1 401 /);
  expect(answer()).toMatch(/\r\nConnection: close\r\n/i);
});

test("an authenticated body that trickles in is cut at the request timeout", async () => {
  const { socket, answer, closed } = await startPost(h.tokens.writer);
  const trickle = setInterval(() => socket.write(" "), 100);
  try {
    await closed;
  } finally {
    clearInterval(trickle);
  }
  expect(answer()).toMatch(/^HTTP\/1\.1 408 /);
});

test("a request that completes in time is answered as usual", async () => {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(res.status).toBe(200);
});

/** The worker's /healthz and /metrics server: any request target, however odd, gets an answer instead of a crash. */
import { once } from "node:events";
import { connect } from "node:net";
import { closeServer, createHttpServer, listen } from "../../src/http-server";
import { createWorkerMetrics } from "../../src/metrics";

/** Short, so that a cut comes within the test's own timeout. */
const timeouts = { requestTimeoutMs: 500, headersTimeoutMs: 500, keepAliveTimeoutMs: 5000 };
const server = createHttpServer(createWorkerMetrics(["cpu"]), timeouts);
let port: number;
beforeAll(async () => {
  port = await listen(server, 0);
});
afterAll(() => closeServer(server));

/** Sends a raw request line (fetch would normalise the target) and resolves with the status line. */
function statusLineFor(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(`GET ${target} HTTP/1.1\r\nHost: worker\r\nConnection: close\r\n\r\n`));
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("end", () => resolve(text.split("\r\n", 1)[0]!));
    socket.on("error", reject);
  });
}

test.each([
  ["/healthz", "HTTP/1.1 200 OK"],
  ["/healthz?probe=1", "HTTP/1.1 200 OK"],
  ["/metrics", "HTTP/1.1 200 OK"],
  ["//[", "HTTP/1.1 404 Not Found"],
  ["/nope", "HTTP/1.1 404 Not Found"],
])("GET %s answers %s", async (target, statusLine) => {
  expect(await statusLineFor(target)).toBe(statusLine);
});

test("GET /metrics serves the Prometheus text format", async () => {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  expect(await response.text()).toContain('jobline_worker_jobs_active{queue="cpu"} 0');
});

test("a client that holds a socket without finishing its request head is answered 408 and cut off", async () => {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  const closed = once(socket, "close");
  const startedAt = Date.now();
  socket.write("GET /metrics HTTP/1.1\r\nHost: worker\r\n");

  await closed;
  expect(received).toMatch(/^HTTP\/1\.1 408 /);
  expect(Date.now() - startedAt).toBeLessThan(5000);
});

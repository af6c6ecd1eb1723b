/** The worker's /healthz and /metrics server: any request target, however odd, gets an answer instead of a crash. */
import { connect } from "node:net";
import { closeServer, createHttpServer, listen } from "../../src/http-server";
import { createWorkerMetrics } from "../../src/metrics";

const server = createHttpServer(createWorkerMetrics(["cpu"]));
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

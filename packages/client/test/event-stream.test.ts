import { createJobline, readServerSentEvents, StreamTokenInvalidError, StreamUnsupportedError, type JobEvent } from "../src";
import { startLocalServer, type LocalServer } from "./support/local-server";

const jobId = "0b9a1c9e-0000-4000-8000-000000000000";
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function event(id: number, type: JobEvent["type"], status: JobEvent["status"]): string {
  const document: JobEvent = {
    id: String(id),
    jobId,
    type,
    status,
    attempt: 1,
    progress: null,
    error: null,
    at: "2026-11-22T17:00:00.000Z",
  };
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(document)}\n\n`;
}

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function messages(chunks: string[]) {
  const all = [];
  for await (const message of readServerSentEvents(streamOf(chunks))) all.push(message);
  return all;
}

test("messages split across chunks anywhere, even inside CRLF, are put back together", async () => {
  expect(await messages(["id: 7\r", "\nevent: job.st", 'arted\r\ndata: {"a"', ":1}\r\n\r", "\n"])).toEqual([
    { id: "7", event: "job.started", data: '{"a":1}' },
  ]);
});

test("comments are skipped, data lines are joined, the id carries over, an unfinished message is dropped", async () => {
  expect(await messages([": keep-alive\n\n", "id: 1\ndata: a\ndata: b\n\n", "data: c\n\n", "data: cut off"])).toEqual([
    { id: "1", event: "message", data: "a\nb" },
    { id: "1", event: "message", data: "c" },
  ]);
});

test("a dropped stream is reconnected with Last-Event-ID and continues after the last event", async () => {
  server = await startLocalServer((_req, res, count) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    if (count === 1) {
      res.write(event(1, "job.queued", "queued") + event(2, "job.started", "running"));
      // Gone mid-stream, before the terminal event.
      setTimeout(() => res.destroy(), 20);
    } else res.end(event(3, "job.completed", "completed"));
  });
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  const ids: string[] = [];
  for await (const received of jobline.jobs.events(jobId)) ids.push(received.id);

  expect(ids).toEqual(["1", "2", "3"]);
  expect(server.requests.map((r) => r.headers["last-event-id"])).toEqual([undefined, "2"]);
});

test("the stream gives up after the allowed reconnections that brought nothing", async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.end();
  });
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  await expect(jobline.jobs.events(jobId, { reconnects: 2 }).next()).rejects.toMatchObject({ name: "NetworkError" });
  expect(server.requests).toHaveLength(3);
});

test("an answer that is not an event stream is a StreamUnsupportedError, not retried", async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end("{}");
  });
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  await expect(jobline.jobs.events(jobId).next()).rejects.toBeInstanceOf(StreamUnsupportedError);
  expect(server.requests).toHaveLength(1);
});

const end = (reason: string) => `event: end\ndata: ${JSON.stringify({ reason })}\n\n`;

test("a stream ended at its longest lifetime is resumed at once after its last event", async () => {
  server = await startLocalServer((_req, res, count) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    if (count === 1) res.end(event(1, "job.queued", "queued") + end("max-lifetime"));
    else res.end(event(2, "job.completed", "completed"));
  });
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });

  const ids: string[] = [];
  for await (const received of jobline.jobs.events(jobId, { reconnects: 0 })) ids.push(received.id);

  expect(ids).toEqual(["1", "2"]);
  expect(server.requests.map((r) => r.headers["last-event-id"])).toEqual([undefined, "1"]);
});

test("a stream ended because its token is no longer valid throws a StreamTokenInvalidError, not retried", async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.end(event(1, "job.queued", "queued") + end("token-invalid"));
  });
  const jobline = createJobline({ baseUrl: server.url, token: "jl_test" });
  const events = jobline.jobs.events(jobId);

  expect((await events.next()).value).toMatchObject({ id: "1" });
  await expect(events.next()).rejects.toBeInstanceOf(StreamTokenInvalidError);
  expect(server.requests).toHaveLength(1);
});

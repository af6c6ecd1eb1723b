/** The SSE response's own rules, on a stand-in for Express's response: keep-alive, the bound for slow readers, closing once. */
import { EventEmitter } from "node:events";
import type { JobEvent } from "@jobline/contract";
import type { Response } from "express";
import { openSse } from "../src/events/sse-response";

/** Takes writes but never lets the socket drain them, like a client that stopped reading. */
function stalledResponse() {
  const emitter = new EventEmitter();
  const res = Object.assign(emitter, {
    written: [] as string[],
    headers: {},
    writableLength: 0,
    destroyed: false,
    ended: false,
    status: () => res,
    set: (headers: Record<string, string>) => Object.assign(res.headers, headers) && res,
    flushHeaders: () => undefined,
    write(text: string) {
      res.written.push(text);
      res.writableLength += Buffer.byteLength(text);
      return true;
    },
    end: () => {
      res.ended = true;
      emitter.emit("close");
    },
    destroy: () => {
      res.destroyed = true;
      emitter.emit("close");
    },
  });
  return res;
}

const event = (id: number): JobEvent => ({
  id: String(id),
  jobId: "0b9a1c9e-2f4b-4c1e-9d52-7d8b8a0f5e11",
  type: "job.progress",
  status: "running",
  attempt: 1,
  progress: 50,
  error: null,
  at: new Date(0).toISOString(),
});

test("an event is written as id, event and data lines", () => {
  const res = stalledResponse();
  const sse = openSse(res as unknown as Response, { keepAliveMs: 60_000, maxBufferedBytes: 1 << 20, maxStreamMs: 3_600_000 });

  sse.send(event(7));
  sse.end();

  expect(res.written[0]).toBe(`id: 7\nevent: job.progress\ndata: ${JSON.stringify(event(7))}\n\n`);
  expect(res.headers).toMatchObject({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
  });
});

test("an idle stream writes a keep-alive comment every interval", () => {
  jest.useFakeTimers();
  try {
    const res = stalledResponse();
    const sse = openSse(res as unknown as Response, { keepAliveMs: 1000, maxBufferedBytes: 1 << 20, maxStreamMs: 3_600_000 });

    jest.advanceTimersByTime(2500);
    sse.end();
    jest.advanceTimersByTime(5000);

    expect(res.written).toEqual([": keep-alive\n\n", ": keep-alive\n\n"]);
  } finally {
    jest.useRealTimers();
  }
});

test("a reader that lets more than the bound pile up is cut off, and nothing more is buffered", () => {
  const res = stalledResponse();
  const sse = openSse(res as unknown as Response, { keepAliveMs: 60_000, maxBufferedBytes: 4096, maxStreamMs: 3_600_000 });
  const closed = jest.fn();
  sse.onClose(closed);

  for (let id = 1; id <= 1000; id += 1) sse.send(event(id));

  expect(res.destroyed).toBe(true);
  expect(sse.closed).toBe(true);
  expect(closed).toHaveBeenCalledTimes(1);
  expect(res.writableLength).toBeLessThan(4096 + 1024);
});

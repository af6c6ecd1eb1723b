/**
 * One Server-Sent Events response: the headers, `id:`/`event:`/`data:` frames, a keep-alive comment, and the
 * bound on what may wait in memory for a slow reader. Past the bound the stream is cut off rather than buffered
 * without end; the client resumes with `Last-Event-ID` and loses nothing.
 */
import type { JobEvent } from "@jobline/contract";
import type { Response } from "express";

/** Why the server ended a stream that had more to send: its token no longer verifies, or it lasted its longest. */
export type StreamEndReason = "token-invalid" | "max-lifetime";

export interface SseOptions {
  keepAliveMs: number;
  /** The longest a stream lasts: it then ends with `max-lifetime`, and the client resumes with `Last-Event-ID`. */
  maxStreamMs: number;
  /** Bytes written but not yet taken by the socket past which the stream is cut off. */
  maxBufferedBytes: number;
}

export interface SseResponse {
  send(event: JobEvent): void;
  /**
   * Ends the stream with a final `end` event saying why. It has no `id:` line: a client resuming after it resumes
   * after the last job event it got.
   */
  finish(reason: StreamEndReason): void;
  /** Ends the response (idempotent); the close listeners run at once. */
  end(): void;
  readonly closed: boolean;
  /** Runs once when the stream closes for any reason: ended, cut off, or the client went away. */
  onClose(listener: () => void): void;
}

export function openSse(res: Response, options: SseOptions): SseResponse {
  res.status(200).set({
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache",
    Connection: "keep-alive",
    // Proxies such as nginx would otherwise hold events back in their buffers.
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();
  const closeListeners: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    clearTimeout(lifetime);
    for (const listener of closeListeners.splice(0)) listener();
  };
  const write = (text: string) => {
    if (closed) return;
    res.write(text);
    if (res.writableLength > options.maxBufferedBytes) {
      close();
      res.destroy();
    }
  };
  const end = () => {
    if (closed) return;
    close();
    res.end();
  };
  const finish = (reason: StreamEndReason) => {
    write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    end();
  };
  const keepAlive = setInterval(() => write(": keep-alive\n\n"), options.keepAliveMs);
  const lifetime = setTimeout(() => finish("max-lifetime"), options.maxStreamMs);
  res.on("close", close);
  return {
    send: (event) => write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    finish,
    end,
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.push(listener);
    },
  };
}

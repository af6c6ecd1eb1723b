/**
 * Waiting for a job to finish: the event stream first, polling when the stream cannot be had. A stream that
 * answers with something else than SSE, fails, or brings nothing at all within a few seconds (a proxy that buffers
 * it) is dropped for polling `GET /v1/jobs/{id}` with a growing interval.
 */
import { isTerminal, isTerminalJobEvent } from "@jobline/contract";
import type { HttpClient } from "./http-client";
import type { AnyJob, JobEvent } from "./job";
import { streamEvents } from "./event-stream";
import { sleep } from "./retry-policy";
import { WaitTimeoutError } from "./wait-timeout-error";

export interface WaitOptions {
  /** Give up with a WaitTimeoutError after this long. Default: wait as long as it takes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each event while the stream works: progress bars. */
  onEvent?: (event: JobEvent) => void;
  /** Called with the job at each poll, when the wait had to poll instead of streaming. */
  onPoll?: (job: AnyJob) => void;
  /** How long a new stream may stay silent before the wait polls instead. Default 5 s. */
  firstEventTimeoutMs?: number;
}

const pollStartMs = 200;
const pollMaxMs = 5000;

class StreamStalledError extends Error {
  override name = "StreamStalledError";
}

function jobPath(id: string): string {
  return `v1/jobs/${encodeURIComponent(id)}`;
}

/** The finished job from the stream, or null when the stream could not tell (the caller polls then). */
async function fromStream(http: HttpClient, id: string, signal: AbortSignal, options: WaitOptions): Promise<AnyJob | null> {
  const stalled = new AbortController();
  const timer = setTimeout(() => stalled.abort(new StreamStalledError()), options.firstEventTimeoutMs ?? 5000);
  try {
    const events = streamEvents(http, {
      path: `${jobPath(id)}/events`,
      signal: AbortSignal.any([signal, stalled.signal]),
      isLast: (event) => isTerminalJobEvent(event),
    });
    for await (const event of events) {
      clearTimeout(timer);
      options.onEvent?.(event);
      if (isTerminalJobEvent(event)) return await http.json<AnyJob>("GET", jobPath(id), { signal });
    }
    return null;
  } catch (error) {
    if (signal.aborted) throw error;
    return null;
  } finally {
    clearTimeout(timer);
  }
}

async function byPolling(http: HttpClient, id: string, signal: AbortSignal, seen: (job: AnyJob) => void): Promise<AnyJob> {
  for (let delay = pollStartMs; ; delay = Math.min(pollMaxMs, delay * 1.5)) {
    const job = await http.json<AnyJob>("GET", jobPath(id), { signal });
    seen(job);
    if (isTerminal(job.status)) return job;
    await sleep(delay, signal);
  }
}

/** The job once it is `completed`, `failed` or `cancelled`. */
export async function waitForJob(http: HttpClient, id: string, options: WaitOptions = {}): Promise<AnyJob> {
  const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout].filter((s): s is AbortSignal => s !== undefined));
  let lastSeen: AnyJob | null = null;
  try {
    return (
      (await fromStream(http, id, signal, options)) ??
      (await byPolling(http, id, signal, (job) => {
        lastSeen = job;
        options.onPoll?.(job);
      }))
    );
  } catch (error) {
    if (timeout?.aborted && !options.signal?.aborted) throw new WaitTimeoutError(id, options.timeoutMs!, lastSeen);
    throw error;
  }
}

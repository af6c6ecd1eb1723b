/**
 * Closed-loop HTTP load with autocannon, in this process. On 2 cores the load generator competes with the server,
 * Postgres and Redis for CPU, for Jobline and its references alike, which is why both are measured in the same run.
 * Each run starts with a short warm-up whose figures are dropped (its errors still count): a freshly spawned server
 * answers its first second or so of requests several times slower (JIT, pool connections, first queries).
 */
import autocannon from "autocannon";
import { settings } from "./settings";

export interface HttpLoad {
  /** One or more servers; the connections are split evenly between them. */
  urls: string[];
  method?: "GET" | "POST";
  token?: string;
  body?: unknown;
  connections: number;
  seconds: number;
}

export interface HttpLoadResult {
  ok: number;
  /** 2xx answers per second over the measured part. */
  perSecond: number;
  /** With several servers: the highest of their percentiles. */
  p50: number;
  p99: number;
  /** When the measured part ran (Date.now()), to match rows against it. */
  startedAt: number;
  endedAt: number;
  /** Answers outside 2xx, connection errors and timeouts, warm-up included: each must be 0. */
  errors: string[];
}

interface Once {
  ok: number;
  seconds: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function once(load: HttpLoad, url: string, connections: number, seconds: number): Promise<Once> {
  const result = await autocannon({
    url,
    method: load.method ?? "GET",
    headers: {
      ...(load.token === undefined ? {} : { authorization: `Bearer ${load.token}` }),
      ...(load.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(load.body === undefined ? {} : { body: JSON.stringify(load.body) }),
    connections,
    duration: seconds,
    timeout: 10,
  });
  return {
    ok: result["2xx"],
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function all(load: HttpLoad, seconds: number): Promise<Once[]> {
  const share = Math.max(1, Math.floor(load.connections / load.urls.length));
  return Promise.all(load.urls.map((url) => once(load, url, share, seconds)));
}

function problems(runs: Once[]): string[] {
  const sum = (pick: (run: Once) => number): number => runs.reduce((total, run) => total + pick(run), 0);
  return [
    sum((r) => r.non2xx) > 0 ? `${sum((r) => r.non2xx)} non-2xx answers` : "",
    sum((r) => r.errors) > 0 ? `${sum((r) => r.errors)} connection errors` : "",
    sum((r) => r.timeouts) > 0 ? `${sum((r) => r.timeouts)} timeouts` : "",
  ].filter((message) => message !== "");
}

export async function runHttpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  const warmup = await all(load, settings.http.warmupSeconds);
  const startedAt = Date.now();
  const measured = await all(load, load.seconds);
  const endedAt = Date.now();
  return {
    ok: measured.reduce((sum, run) => sum + run.ok, 0),
    perSecond: measured.reduce((sum, run) => sum + run.ok / run.seconds, 0),
    p50: Math.max(...measured.map((run) => run.p50)),
    p99: Math.max(...measured.map((run) => run.p99)),
    startedAt,
    endedAt,
    errors: problems([...warmup, ...measured]),
  };
}

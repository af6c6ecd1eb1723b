/**
 * autocannon against the API on loopback, in this process. On 2 cores the load generator competes with the API,
 * Postgres and Redis for CPU: figures are for this machine as a whole, which is also how STACK.md measured.
 * Each run starts with a short warm-up whose figures are dropped (its errors still count): a freshly spawned API
 * answers its first second or so of requests several times slower (JIT, pool connections, Prisma's first queries).
 */
import autocannon from "autocannon";

export interface HttpLoad {
  url: string;
  method?: "GET" | "POST";
  token: string;
  body?: unknown;
  connections: number;
  seconds: number;
}

const warmupSeconds = 2;

export interface HttpLoadResult {
  requests: number;
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers outside 2xx, connection errors and timeouts; each must be 0. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function once(load: HttpLoad, seconds: number): Promise<HttpLoadResult> {
  const result = await autocannon({
    url: load.url,
    method: load.method ?? "GET",
    headers: { authorization: `Bearer ${load.token}`, ...(load.body === undefined ? {} : { "content-type": "application/json" }) },
    ...(load.body === undefined ? {} : { body: JSON.stringify(load.body) }),
    connections: load.connections,
    duration: seconds,
    timeout: 10,
  });
  const ok = result["2xx"];
  return {
    requests: result.requests.total,
    ok,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export async function runHttpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  const warmup = await once(load, warmupSeconds);
  const measured = await once(load, load.seconds);
  return {
    ...measured,
    non2xx: warmup.non2xx + measured.non2xx,
    errors: warmup.errors + measured.errors,
    timeouts: warmup.timeouts + measured.timeouts,
  };
}

export function httpErrors(result: HttpLoadResult): string[] {
  return [
    result.non2xx > 0 ? `${result.non2xx} non-2xx answers` : "",
    result.errors > 0 ? `${result.errors} connection errors` : "",
    result.timeouts > 0 ? `${result.timeouts} timeouts` : "",
  ].filter((message) => message !== "");
}

/**
 * One request to the API: headers, JSON, the problem document of a failure as a typed error, and retries.
 *
 * Retries (when the `retry` option allows them): a `429` is always sent again, since the API refused it before
 * doing anything; a `503`, other 5xx and a network failure only when sending twice is harmless: GET, or a request
 * with an `Idempotency-Key`. The wait is the answer's `Retry-After` (capped at `maxDelayMs`), else a jittered
 * exponential backoff.
 */
import type { ProblemDocument } from "@jobline/contract";
import { errorForStatus } from "./api-errors";
import { NetworkError } from "./network-error";
import { backoffDelay, parseRetryAfter, sleep, type RetryOptions } from "./retry-policy";

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** For streams: no request timeout, the body is left unread for the caller. */
  stream?: boolean;
}

export interface HttpClientOptions {
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  retry: RetryOptions | false;
  userAgent: string | undefined;
  /** How long one request may take before it counts as a network failure. */
  requestTimeoutMs: number;
}

export interface HttpClient {
  /** The parsed JSON body of a 2xx answer (undefined for 204). Throws a JoblineError or NetworkError otherwise. */
  json<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** The raw response of a 2xx answer, for streams. */
  response(method: string, path: string, options?: RequestOptions): Promise<Response>;
}

const retryBaseMs = 500;

function urlOf(baseUrl: string, path: string, query: Query | undefined): string {
  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    url.searchParams.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return url.toString();
}

async function problemOf(response: Response): Promise<ProblemDocument | null> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null && "title" in parsed ? (parsed as ProblemDocument) : null;
  } catch {
    return null;
  }
}

function isRepeatable(method: string, headers: Record<string, string>): boolean {
  return method === "GET" || Object.keys(headers).some((name) => name.toLowerCase() === "idempotency-key");
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  async function send(method: string, path: string, request: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${options.token}`, ...request.headers };
    if (options.userAgent) headers["User-Agent"] = options.userAgent;
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const url = urlOf(options.baseUrl, path, request.query);
    const attempts = options.retry === false ? 1 : Math.max(1, options.retry.attempts);
    const maxDelayMs = options.retry === false ? 0 : options.retry.maxDelayMs;
    const repeatable = isRepeatable(method, headers);

    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      const timeout = request.stream ? undefined : AbortSignal.timeout(options.requestTimeoutMs);
      const signals = [request.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
      let response: Response;
      try {
        response = await options.fetch(url, { method, headers, body, signal: signals.length > 0 ? AbortSignal.any(signals) : undefined });
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        const reason = timeout?.aborted
          ? `no answer within ${options.requestTimeoutMs} ms`
          : error instanceof Error
            ? error.message
            : String(error);
        if (last || !repeatable) throw new NetworkError(`${method} ${url}: ${reason}`, { cause: error });
        await sleep(backoffDelay(attempt - 1, retryBaseMs, maxDelayMs), request.signal);
        continue;
      }
      if (response.ok) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
      const retryable = response.status === 429 || (response.status >= 500 && repeatable);
      if (last || !retryable) throw errorForStatus(response.status, await problemOf(response), retryAfterMs);
      await response.body?.cancel().catch(() => undefined);
      await sleep(Math.min(maxDelayMs, retryAfterMs ?? backoffDelay(attempt - 1, retryBaseMs, maxDelayMs)), request.signal);
    }
  }

  return {
    response: (method, path, request = {}) => send(method, path, request),
    async json<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const response = await send(method, path, request);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
  };
}

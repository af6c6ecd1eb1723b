/**
 * Host name lookups that cannot starve the process. `dns.lookup` runs getaddrinfo on libuv's threadpool (4 threads),
 * which zlib and WebCrypto share; a nameserver that never answers holds a thread for as long as getaddrinfo retries.
 * So at most `maxConcurrentLookups` run at once, process-wide, and every caller gives up after its deadline.
 * We stay on `dns.lookup` (hosts file, then DNS) because it is the resolver the connection itself uses.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { ConcurrencyLimiter } from "./concurrency-limiter";

/** Resolves a name to every address it has. */
export type HostLookup = (host: string, options?: LookupOptions) => Promise<LookupAddress[]>;

export const systemLookup: HostLookup = (host, options) => dns.lookup(host, { ...options, all: true });

/** Lookups running at once in this process: half the threadpool, so the other half stays free. */
export const maxConcurrentLookups = 2;

export const defaultLookupDeadlineMs = 3_000;

const lookups = new ConcurrencyLimiter(maxConcurrentLookups);

export interface BoundedLookupOptions {
  /** Injected by tests; `dns.lookup` otherwise. */
  lookup?: HostLookup;
  /** How long the caller waits, queueing included. */
  deadlineMs?: number;
}

/** A host that did not resolve within the deadline. */
export class LookupTimeoutError extends Error {
  override name = "LookupTimeoutError";
}

/** Every address of `host`, or a `LookupTimeoutError` once the deadline passes (waiting for a slot counts). */
export async function boundedLookup(
  host: string,
  options: BoundedLookupOptions = {},
  lookupOptions?: LookupOptions,
): Promise<LookupAddress[]> {
  const { lookup = systemLookup, deadlineMs = defaultLookupDeadlineMs } = options;
  const deadline = AbortSignal.timeout(deadlineMs);
  const timedOut = new Promise<never>((_resolve, reject) =>
    deadline.addEventListener("abort", () => reject(new LookupTimeoutError(`${host} did not resolve within ${deadlineMs} ms`)), {
      once: true,
    }),
  );
  // The slot is held until the lookup itself settles, not until we stop waiting: getaddrinfo keeps its thread.
  return Promise.race([lookups.run(() => lookup(host, lookupOptions), deadline), timedOut]);
}

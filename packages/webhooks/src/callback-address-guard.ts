/**
 * Keeps webhooks off the deployment's own networks (SSRF): a callback URL whose host is, or resolves to, an address of
 * an IANA special-purpose range that is not globally reachable (loopback, private, link-local, site- and unique-local,
 * CGNAT, documentation, benchmarking, discard, reserved, unspecified) or a multicast address is refused, and so is
 * every IPv6 form that carries an IPv4 address (IPv4-mapped and -translated, -compatible, NAT64, 6to4, Teredo). Checked twice:
 * at submit, so the client hears about it, and at connect, through `http.request`'s `lookup`, so a name that resolves
 * differently later (DNS rebinding) still cannot reach inside.
 */
import type { LookupAddress, LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { boundedLookup, LookupTimeoutError, type BoundedLookupOptions } from "./bounded-lookup";

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata endpoints
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation (TEST-NET-1)
  ["192.88.99.0", 24], // 6to4 relay anycast, deprecated
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation (TEST-NET-2)
  ["203.0.113.0", 24], // documentation (TEST-NET-3)
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  // The forms that carry an IPv4 address a gateway or tunnel may route to: blocked whole, since the IPv4 inside
  // could be any of the above.
  ["::", 96], // unspecified, loopback, IPv4-compatible (::127.0.0.1)
  ["::ffff:0:0:0", 96], // IPv4-translated (SIIT, ::ffff:0:127.0.0.1); IPv4-mapped is matched against the IPv4 rules
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["100:0:0:1::", 64], // dummy prefix
  ["2001::", 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID, AMT, anycast
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4
  ["3fff::", 20], // documentation
  ["5f00::", 16], // SRv6 segment identifiers
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local, deprecated
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP address is one a webhook must not reach. BlockList matches IPv4-mapped IPv6 against the IPv4 rules. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A URL's host as an address or name: IPv6 literals lose their brackets. */
export function hostOf(url: string): string {
  const { hostname } = new URL(url);
  return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
}

/** Why a callback host is refused, or null when it may be called. */
export type HostRefusal = "private" | "unresolvable" | "slow";

/** Checks one host: an IP literal directly, a name by every address it resolves to. */
export async function checkCallbackHost(host: string, options: BoundedLookupOptions = {}): Promise<HostRefusal | null> {
  if (isIP(host) !== 0) return isPrivateAddress(host) ? "private" : null;
  let addresses: LookupAddress[];
  try {
    addresses = await boundedLookup(host, options);
  } catch (error) {
    return error instanceof LookupTimeoutError ? "slow" : "unresolvable";
  }
  if (addresses.length === 0) return "unresolvable";
  return addresses.some((entry) => isPrivateAddress(entry.address)) ? "private" : null;
}

export const refusalMessages: Record<HostRefusal, string> = {
  private: "resolves to a loopback, private, link-local or otherwise internal address; webhooks are not sent there",
  unresolvable: "its host name does not resolve",
  slow: "its host name did not resolve in time",
};

/** Distinct callback hosts one submit may name: each costs a lookup before the answer. */
export const maxCallbackHostsPerRequest = 10;

/** The connect-time refusal: a socket error the sender records as the attempt's error. */
export class PrivateAddressError extends Error {
  override name = "PrivateAddressError";
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that resolves as Node would (within the lookup deadline) and then refuses if any
 * address is internal, so the connection is never opened. (An IP-literal URL skips `lookup`: check those with `isPrivateAddress` first.)
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  boundedLookup(hostname, {}, options).then(
    (addresses) => {
      const refused = addresses.find((entry) => isPrivateAddress(entry.address));
      if (refused) return callback(new PrivateAddressError(`${hostname} resolves to ${refused.address}, an internal address`), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, []),
  );
}

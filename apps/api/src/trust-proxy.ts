/**
 * Which proxies' `X-Forwarded-For` the API believes (Express's `trust proxy`), so that the failed-auth throttle counts
 * the real client behind a reverse proxy. Off by default: the header is then ignored and the socket's address counts,
 * or any client could dodge the throttle by sending a new address in it each time. Trusting every proxy (`true`)
 * would be the same hole, so the setting names the proxies: a number of hops, or their addresses and subnets.
 */
import { isIP } from "node:net";
import { z } from "zod";

/** `false`: trust none; a number: that many hops in front of the API; a list: proxies at these addresses. */
export type TrustProxy = false | number | string[];

/** Express's names for address ranges. */
const namedRanges = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrSubnet(entry: string): boolean {
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

export const TrustProxySchema = z
  .string()
  .trim()
  .default("false")
  .transform((value, ctx): TrustProxy => {
    if (value === "false" || value === "" || value === "0") return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(",").map((entry) => entry.trim());
    const bad = entries.filter((entry) => !namedRanges.has(entry) && !isAddressOrSubnet(entry));
    if (bad.length === 0) return entries;
    ctx.addIssue({
      code: "custom",
      message: `expected false, a number of proxy hops, or proxy addresses/subnets (loopback, linklocal, uniquelocal, 10.0.0.0/8, …); not ${bad.join(", ")}${value === "true" ? " (trusting every proxy would let any client choose its address)" : ""}`,
    });
    return z.NEVER;
  });

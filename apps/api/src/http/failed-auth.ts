import type { Request } from "express";
import type { AuthFailures } from "../limits/auth-failures";
import { AuthFailuresBlockedError } from "./errors";

/**
 * The client as the throttle counts it: its address as Express reads it, the socket's, or with `TRUST_PROXY` the one
 * the trusted proxies put in `X-Forwarded-For` (src/trust-proxy.ts).
 */
export function clientAddressKey(req: Request): string {
  return `address:${req.ip ?? req.socket.remoteAddress ?? "unknown"}`;
}

/** A 429 before any look-up when one of the keys failed too often. */
export async function refuseIfBlocked(failures: AuthFailures, keys: readonly string[]): Promise<void> {
  const seconds = Math.max(...(await Promise.all(keys.map((key) => failures.blockedSeconds(key)))));
  if (seconds > 0) throw new AuthFailuresBlockedError("too many failed authentications from this client; try again later", seconds);
}

export async function countFailure(failures: AuthFailures, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => failures.fail(key)));
}

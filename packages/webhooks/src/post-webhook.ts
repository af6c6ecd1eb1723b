/**
 * One HTTP POST of a webhook, with what a receiver we do not control calls for: no redirects followed (a 3xx is an
 * answer like any other), a deadline for the whole exchange, at most `maxResponseBytes` of the answer read, and, unless
 * private networks are allowed, no connection to an internal address (checked on the resolved addresses).
 */
import http from "node:http";
import https from "node:https";
import { guardedLookup, hostOf, isPrivateAddress, PrivateAddressError } from "./callback-address-guard";

/** The most of a receiver's answer we read; the rest is dropped with the connection. */
export const maxResponseBytes = 64 * 1024;

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

/** What came of one POST: the answer's status, or why there was none. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
}

export function postWebhook(request: WebhookRequest): Promise<PostOutcome> {
  const url = new URL(request.url);
  // An IP literal never goes through `lookup`: check it here.
  if (!request.allowPrivateNetworks && isPrivateAddress(hostOf(request.url))) {
    return Promise.resolve({ status: null, error: new PrivateAddressError(`${url.hostname} is an internal address`).message });
  }
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      resolve(outcome);
    };
    const req = transport.request(url, {
      method: "POST",
      headers: { ...request.headers, "Content-Length": Buffer.byteLength(request.body).toString() },
      lookup: request.allowPrivateNetworks ? undefined : guardedLookup,
      // A fresh connection per delivery: a pooled socket would skip the address check of a later one.
      agent: false,
    });
    const deadline = setTimeout(() => settle({ status: null, error: `timed out after ${request.timeoutMs} ms` }), request.timeoutMs);
    req.on("error", (error) => settle({ status: null, error: `${error.name}: ${error.message}` }));
    req.on("response", (res) => {
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= maxResponseBytes) settle({ status: res.statusCode ?? null, error: null });
      });
      res.on("end", () => settle({ status: res.statusCode ?? null, error: null }));
      res.on("error", (error) => settle({ status: res.statusCode ?? null, error: `${error.name}: ${error.message}` }));
    });
    req.end(request.body);
  });
}

/**
 * The `Jobline-Signature` header of a webhook delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
 * with a second `v1=` made with the previous secret for a while after a rotation. Written with Web Crypto so the
 * same code signs in the worker and verifies in a receiver, whether that runs on Node 20 or in a browser.
 */

export const signatureHeader = "Jobline-Signature";
export const deliveryHeader = "Jobline-Delivery";

/** How far a signature's time may be from the receiver's clock by default: replayed deliveries older than this fail. */
export const defaultSignatureToleranceSeconds = 300;

const encoder = new TextEncoder();

function hmacKey(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

function signedContent(timestamp: number, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const bytes = bytesOf(body);
  const content = new Uint8Array(prefix.length + bytes.length);
  content.set(prefix, 0);
  content.set(bytes, prefix.length);
  return content;
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The header value for `body` sent at `timestamp` (unix seconds), one `v1=` per secret (current first). */
export async function signWebhook(body: string | Uint8Array, secrets: readonly string[], timestamp: number): Promise<string> {
  const content = signedContent(timestamp, body);
  const signatures = await Promise.all(
    secrets.map(async (secret) => `v1=${toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), content))}`),
  );
  return [`t=${timestamp}`, ...signatures].join(",");
}

export interface ParsedSignature {
  timestamp: number;
  signatures: string[];
}

/** The parts of a header, or null when it is not one. */
export function parseSignatureHeader(header: string): ParsedSignature | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export interface VerifyOptions {
  /** Default 300 s; 0 or Infinity turns the age check off. */
  toleranceSeconds?: number;
  /** The receiver's clock, in unix seconds (tests). */
  now?: number;
}

/**
 * Whether `header` signs exactly `rawBody` (the bytes as received, before any JSON parsing) with `secret`, at a time
 * within the tolerance. Any of the header's `v1=` may match, so receivers keep working across a rotation.
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): Promise<boolean> {
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed) return false;
  const tolerance = options.toleranceSeconds ?? defaultSignatureToleranceSeconds;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Number.isFinite(tolerance) && Math.abs(now - parsed.timestamp) > tolerance) return false;
  const key = await hmacKey(secret, "verify");
  const content = signedContent(parsed.timestamp, rawBody);
  for (const signature of parsed.signatures) {
    const bytes = fromHex(signature);
    // subtle.verify compares in constant time.
    if (bytes && (await crypto.subtle.verify("HMAC", key, bytes, content))) return true;
  }
  return false;
}

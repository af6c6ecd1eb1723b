/**
 * What Postgres (text, jsonb) and JSON can store, checked once for every value a client sends: a string with U+0000
 * or a lone UTF-16 surrogate is a 500 at the insert, a non-finite number (`1e400` parses as Infinity) is stored as
 * null, and a `__proto__` key is lost in a plain object. Each is refused, with the path of the first one found.
 */
import { z } from "zod";

export const nulMessage = "must not contain the NUL character (\\u0000)";
export const loneSurrogateMessage = "must not contain a lone UTF-16 surrogate (\\ud800-\\udfff without its pair)";
const nonFiniteMessage = "must be a finite number (JSON cannot hold it)";
export const reservedKeyMessage = "is a reserved key (__proto__, constructor and prototype are refused, not dropped)";

/** Keys that change or shadow an object's prototype when copied into a plain object. */
export const reservedKeys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** In `u` mode only an unpaired surrogate is a code point of category Cs. */
const loneSurrogate = /\p{Cs}/u;

/** Why Postgres cannot store `text`, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return nulMessage;
  if (loneSurrogate.test(text)) return loneSurrogateMessage;
  return null;
}

/** The first value (or key) under `value` that cannot be stored as it was sent, at `path`; null when there is none. */
export function firstUnstorable(value: unknown, path: (string | number)[] = []): { path: string; message: string } | null {
  const at = (where: (string | number)[], message: string) => ({ path: where.map(String).join("."), message });
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? at(path, problem) : null;
  }
  if (typeof value === "number") return Number.isFinite(value) ? null : at(path, nonFiniteMessage);
  if (typeof value !== "object" || value === null) return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === "string") {
      if (reservedKeys.has(key)) return at([...path, key], reservedKeyMessage);
      const problem = textProblem(key);
      if (problem) return at([...path, key], problem);
    }
    const found = firstUnstorable(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Text of `min..max` characters that Postgres can store. */
export const storableText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .superRefine((text, ctx) => {
      const problem = textProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

import { limits } from "@jobline/contract";
import type { RequestHandler } from "express";
import { InvalidInputError } from "@jobline/engine";

/** How deeply `value` nests arrays and objects, counted without recursion and stopping once past `max`. */
export function depthExceeds(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses bodies nested deeper than `limits.maxBodyDepth`. Validation, hashing and serialising all walk a body
 * recursively; a body of 20,000 nested arrays (a few dozen KB) would overflow the stack in any of them.
 */
export const limitBodyDepth: RequestHandler = (req, _res, next) => {
  if (depthExceeds(req.body, limits.maxBodyDepth)) {
    throw new InvalidInputError([{ path: "", message: `the body is nested deeper than ${limits.maxBodyDepth} levels` }]);
  }
  next();
};

import { firstUnstorable, toIssues } from "@jobline/contract";
import { InvalidInputError } from "@jobline/engine";
import type { z } from "zod";

/**
 * A request's body, query or header checked against the shape its route takes; every issue found is invalid input.
 * What cannot be stored as sent (NUL, a lone surrogate, `1e400`, a `__proto__` key) is refused first, anywhere in it:
 * a schema would drop such a key without a word.
 */
export function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unstorable = firstUnstorable(input);
  if (unstorable) throw new InvalidInputError([unstorable]);
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(toIssues(result.error));
  return result.data;
}

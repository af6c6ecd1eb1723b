import { toIssues } from "@jobline/contract";
import { InvalidInputError } from "@jobline/engine";
import type { z } from "zod";

/** A request's body, query or header checked against the shape its route takes; every issue found is invalid input. */
export function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(toIssues(result.error));
  return result.data;
}

import { z } from "zod";

const decimalDigits = /^\d{1,10}$/;

/**
 * An integer query parameter: plain decimal digits only. `z.coerce.number()` would take `0x10`, `1e1`, ` 10` and `+10`
 * as numbers the client never wrote. The OpenAPI document describes it as the integer it stands for (a query's values
 * are text on the wire, so generated clients then take a number).
 */
export const queryInteger = (min: number, max: number) =>
  z
    .string()
    .refine((text) => decimalDigits.test(text), "must be a whole number written in decimal digits")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: "integer", minimum: min, maximum: max });

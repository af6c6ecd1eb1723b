import { z } from "zod";

/**
 * An integer query parameter: plain decimal digits only. `z.coerce.number()` would take `0x10`, `1e1`, ` 10` and `+10`
 * as numbers the client never wrote.
 */
export const queryInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, "must be a whole number written in decimal digits")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

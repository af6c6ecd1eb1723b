/**
 * One range for every date the API takes (times, ranges, cursors): Postgres has no year 0 and JavaScript dates end
 * in 275760, so a date outside this range would be a 500 at the query instead of a 422.
 */
import { z } from "zod";

export const earliestInstant = new Date("1970-01-01T00:00:00.000Z");
export const latestInstant = new Date("9999-12-31T23:59:59.999Z");
export const instantRangeMessage = "must be between 1970-01-01 and 9999-12-31 (UTC)";

export function isStorableInstant(date: Date): boolean {
  return date.getTime() >= earliestInstant.getTime() && date.getTime() <= latestInstant.getTime();
}

/** An ISO 8601 time with an offset, as text, within the range. */
export const InstantTextSchema = z.iso.datetime({ offset: true }).refine((text) => isStorableInstant(new Date(text)), instantRangeMessage);

/** The same, as a Date. */
export const InstantSchema = InstantTextSchema.transform((text) => new Date(text));

/** The numbers behind `report.generate`: pure functions over plain values, tested with hand-computed figures. */

export interface MeasureSummary {
  /** How many cells were numbers. Text, booleans, null and missing cells are not counted. */
  count: number;
  sum: number;
  /** null when no cell was a number. */
  mean: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
}

/**
 * Only JSON numbers count: a string such as "12" is text, so a column with a stray label does not silently
 * change meaning, and "1e3" or " 7 " never need guessing.
 */
export function numericValues(cells: readonly unknown[]): number[] {
  return cells.filter((cell): cell is number => typeof cell === "number" && Number.isFinite(cell));
}

/** Neumaier's compensated sum: 0.1 + 0.2 + 0.3 is 0.6 here, not 0.6000000000000001, and long columns stay exact-ish. */
export function compensatedSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** The middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarise(cells: readonly unknown[]): MeasureSummary {
  const values = numericValues(cells);
  if (values.length === 0) return { count: 0, sum: 0, mean: null, min: null, max: null, median: null };
  const sum = compensatedSum(values);
  return {
    count: values.length,
    sum,
    mean: sum / values.length,
    // A loop, not Math.min(...values): spreading 10,000 arguments is close to engines' argument limits.
    min: values.reduce((a, b) => (b < a ? b : a)),
    max: values.reduce((a, b) => (b > a ? b : a)),
    median: median(values),
  };
}

/** Key of the group a row belongs to when there is no `groupBy`. */
export const allRowsKey = "all";
/** Key of the rows whose `groupBy` cell is null or missing. */
export const missingKey = "(none)";

export function groupKey(cell: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- cells are JSON scalars (the payload schema checks them)
  return cell === null || cell === undefined ? missingKey : String(cell);
}

/** Splits rows by the `groupBy` column, keeping groups in order of first appearance (the order the data came in). */
export function groupRows<Row extends Record<string, unknown>>(rows: readonly Row[], groupBy: string | undefined): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = groupBy === undefined ? allRowsKey : groupKey(row[groupBy]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * One line of the results: a Jobline figure beside a reference measured in the same run, and the target the issue
 * sets. The ratio is always Jobline / reference; whether higher is better depends on the unit (throughput: yes,
 * latency and memory: no). `errors` lists what went wrong; any entry makes `pnpm bench` exit 1.
 */
/** The cost units are per 1,000 jobs (see cost/pg-counters.ts). */
export type Unit = "req/s" | "jobs/s" | "ms" | "MB" | "commits" | "rows" | "index entries" | "kB WAL";

export interface Figure {
  value: number;
  unit: Unit;
}

export interface Reference extends Figure {
  /** What was measured, e.g. "lean endpoint". */
  what: string;
}

export type Target =
  /** Jobline / reference at least `value`. */
  | { kind: "ratio-at-least"; value: number }
  /** Jobline / reference at most `value`. */
  | { kind: "ratio-at-most"; value: number }
  /** The Jobline figure itself, in its unit, at most `value`. */
  | { kind: "at-most"; value: number }
  /** No target: the figure is reported; `note` says why or what to look for. */
  | { kind: "none"; note: string };

export interface Row {
  scenario: string;
  setup: string;
  /** Null when the measurement failed (its errors say why). */
  jobline: Figure | null;
  reference: Reference | null;
  target: Target;
  errors: string[];
}

export const noTarget: Target = { kind: "none", note: "report only" };

export function ratioOf(row: Row): number | null {
  if (!row.jobline || !row.reference || !(row.reference.value > 0) || !Number.isFinite(row.jobline.value)) return null;
  return row.jobline.value / row.reference.value;
}

/** True or false when the row has a target and its figures; null otherwise. */
export function metOf(row: Row): boolean | null {
  const ratio = ratioOf(row);
  switch (row.target.kind) {
    case "ratio-at-least":
      return ratio === null ? null : ratio >= row.target.value;
    case "ratio-at-most":
      return ratio === null ? null : ratio <= row.target.value;
    case "at-most":
      return row.jobline && Number.isFinite(row.jobline.value) ? row.jobline.value <= row.target.value : null;
    case "none":
      return null;
  }
}

/** Nearest-rank percentile of an unsorted list; NaN for an empty one. Used for Jobline and the references alike. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The message of whatever was thrown, first line only: a table cell, not a stack trace. */
export function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

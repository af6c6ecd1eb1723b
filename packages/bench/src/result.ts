/** One line of the results table. `errors` lists what went wrong; any entry makes `pnpm bench` exit 1. */
export interface ScenarioResult {
  scenario: string;
  setup: string;
  throughput: string;
  latency: string;
  /** STACK.md's reference figure for the nearest lower-level equivalent, for context, not as a target. */
  comparedWith: string;
  errors: string[];
}

export const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
export const perSecond = (value: number, unit: string): string => `${Math.round(value).toLocaleString("en-US")} ${unit}/s`;

/** Nearest-rank percentile of an unsorted list; NaN for an empty one. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

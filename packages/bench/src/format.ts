/** How figures read in the table: thousands separated, two significant digits for small values and ratios. */
import type { Figure, Target, Unit } from "./result";

export function number(value: number): string {
  if (!Number.isFinite(value)) return "—";
  // toPrecision would write 99.7 as "1.0e+2".
  if (Math.abs(value) >= 99.5) return Math.round(value).toLocaleString("en-US");
  return value.toPrecision(2);
}

export function figure(value: number, unit: Unit): string {
  return `${number(value)} ${unit}`;
}

export function figureOf(f: Figure | null): string {
  return f ? figure(f.value, f.unit) : "—";
}

export function ratio(value: number | null): string {
  return value === null ? "—" : `${number(value)}×`;
}

export function target(t: Target, unit: Unit | undefined): string {
  switch (t.kind) {
    case "ratio-at-least":
      return `≥ ${number(t.value)}×`;
    case "ratio-at-most":
      return `≤ ${number(t.value)}×`;
    case "at-most":
      return `≤ ${number(t.value)} ${unit ?? ""}`.trim();
    case "none":
      return t.note;
  }
}

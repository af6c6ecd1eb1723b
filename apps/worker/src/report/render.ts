/**
 * Renders a report as a document. Both formats are "long": one line per group and measure, so twenty measures
 * give twenty lines rather than a table 120 columns wide.
 */
import type { OutputBudget } from "../handlers/output-budget";
import type { MeasureSummary } from "./statistics";

export interface ReportGroup {
  key: string;
  count: number;
  measures: Record<string, MeasureSummary>;
}

export interface ReportTable {
  title: string;
  /** Header of the group column: the `groupBy` column's name, or "group". */
  groupColumn: string;
  measureNames: readonly string[];
  groups: readonly ReportGroup[];
}

const statistics = ["count", "sum", "mean", "min", "max", "median"] as const;

function lines(table: ReportTable): Array<{ group: ReportGroup; measure: string; summary: MeasureSummary }> {
  return table.groups.flatMap((group) => table.measureNames.map((measure) => ({ group, measure, summary: group.measures[measure]! })));
}

/** Readers want 33.3333, not 33.333333333333336; the structured result keeps full precision. */
function humanNumber(value: number | null): string {
  return value === null ? "–" : String(Number(value.toFixed(4)));
}

function markdownText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n|\r/g, " ");
}

/** Every line is charged to the budget before it is kept. */
export function renderMarkdown(table: ReportTable, budget: OutputBudget): string {
  const header = [table.groupColumn, "rows", "measure", ...statistics];
  const out = [
    `# ${markdownText(table.title)}`,
    "",
    `| ${header.map(markdownText).join(" | ")} |`,
    `| --- | ---: | --- | ${statistics.map(() => "---:").join(" | ")} |`,
  ];
  for (const { group, measure, summary } of lines(table)) {
    const cells = [
      markdownText(group.key),
      String(group.count),
      markdownText(measure),
      ...statistics.map((name) => humanNumber(summary[name])),
    ];
    const line = `| ${cells.join(" | ")} |`;
    budget.charge(line);
    out.push(line);
  }
  return `${out.join("\n")}\n`;
}

/**
 * RFC 4180 quoting. Text that a spreadsheet would run as a formula (leading = + - @, tab, CR) gets a leading
 * apostrophe (OWASP's advice against CSV injection): group keys and measure names come from clients.
 */
function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvNumber(value: number | null): string {
  return value === null ? "" : String(value);
}

/** Plain CSV that tools can load as is: the title lives in the result's `title`, not in a line that breaks parsers. */
export function renderCsv(table: ReportTable, budget: OutputBudget): string {
  const out = [[table.groupColumn, "rows", "measure", ...statistics].map(csvText).join(",")];
  for (const { group, measure, summary } of lines(table)) {
    const line = [csvText(group.key), String(group.count), csvText(measure), ...statistics.map((name) => csvNumber(summary[name]))].join(
      ",",
    );
    budget.charge(line);
    out.push(line);
  }
  return `${out.join("\r\n")}\r\n`;
}

import type { JobPayload, JobResult } from "@jobline/contract";
import { renderCsv, renderMarkdown, type ReportTable } from "../report/render";
import { groupRows, summarise } from "../report/statistics";
import type { Handler } from "./handler";
import { outputBudget } from "./output-budget";

/**
 * The whole report, without the job machinery: what the unit tests call. Its size is one line per group and measure,
 * which a small payload (many groups, long measure names) can make many times larger than itself: the structured
 * groups and the document are charged to one budget as they are built.
 */
export function generateReport(payload: JobPayload<"report.generate">): JobResult<"report.generate"> {
  const { title, rows, measures, groupBy, format } = payload;
  const budget = outputBudget();
  const groups = [...groupRows(rows, groupBy)].map(([key, members]) => {
    const group = {
      key,
      count: members.length,
      measures: Object.fromEntries(measures.map((measure) => [measure, summarise(members.map((row) => row[measure]))])),
    };
    budget.charge(JSON.stringify(group));
    return group;
  });
  const table: ReportTable = { title, groupColumn: groupBy ?? "group", measureNames: measures, groups };
  const document = format === "csv" ? renderCsv(table, budget) : renderMarkdown(table, budget);
  return { title, rowCount: rows.length, groups, format, document };
}

export const reportGenerate: Handler<"report.generate"> = async (payload, { reportProgress }) => {
  const result = generateReport(payload);
  reportProgress(100);
  return result;
};

import type { JobPayload, JobResult } from "@jobline/contract";
import { renderCsv, renderMarkdown, type ReportTable } from "../report/render";
import { groupRows, summarise } from "../report/statistics";
import type { Handler } from "./handler";

/** The whole report, without the job machinery: what the unit tests call. */
export function generateReport(payload: JobPayload<"report.generate">): JobResult<"report.generate"> {
  const { title, rows, measures, groupBy, format } = payload;
  const groups = [...groupRows(rows, groupBy)].map(([key, members]) => ({
    key,
    count: members.length,
    measures: Object.fromEntries(measures.map((measure) => [measure, summarise(members.map((row) => row[measure]))])),
  }));
  const table: ReportTable = { title, groupColumn: groupBy ?? "group", measureNames: measures, groups };
  return { title, rowCount: rows.length, groups, format, document: format === "csv" ? renderCsv(table) : renderMarkdown(table) };
}

export const reportGenerate: Handler<"report.generate"> = async (payload, { reportProgress }) => {
  const result = generateReport(payload);
  reportProgress(100);
  return result;
};

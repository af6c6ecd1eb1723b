import { jobTypes, limits } from "@jobline/contract";
import { OutputTooLargeError } from "../../src/attempt-errors";
import { generateReport } from "../../src/handlers/report-generate";
import { isRetryable } from "../../src/retry-decision";
import { compensatedSum, median, summarise } from "../../src/report/statistics";

/** Parses like the worker does, so defaults (format) apply as they would for a real job. */
function report(payload: unknown) {
  return generateReport(jobTypes["report.generate"].payload.parse(payload));
}

const sales = [
  { region: "north", revenue: 10, units: 1 },
  { region: "south", revenue: 5, units: "n/a" },
  { region: "north", revenue: 30, units: 4 },
  { region: "north", revenue: 20, units: null },
  { region: "south", revenue: 7, units: 2 },
  { region: "south", revenue: "unknown", units: 3 },
  { region: null, revenue: 1, units: true },
];

describe("statistics", () => {
  it("takes the median of odd and even counts, unsorted input", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([-5])).toBe(-5);
    expect(median([])).toBeNull();
  });

  it("sums without the usual floating-point drift", () => {
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
    expect(compensatedSum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(compensatedSum([1e16, 1, -1e16])).toBe(1);
  });

  it("counts only finite JSON numbers", () => {
    expect(summarise([2, "3", true, null, undefined, Number.NaN, 4])).toEqual({ count: 2, sum: 6, mean: 3, min: 2, max: 4, median: 3 });
  });

  it("gives zeros and nulls when a column has no numbers", () => {
    expect(summarise(["a", null])).toEqual({ count: 0, sum: 0, mean: null, min: null, max: null, median: null });
  });
});

describe("report.generate", () => {
  it("summarises every row as one group when there is no groupBy", () => {
    const result = report({ title: "All sales", rows: sales, measures: ["revenue"] });
    // revenue numbers: 10, 5, 30, 20, 7, 1 → sum 73, mean 73/6, sorted 1 5 7 10 20 30 → median (7+10)/2
    expect(result.rowCount).toBe(7);
    expect(result.groups).toEqual([
      { key: "all", count: 7, measures: { revenue: { count: 6, sum: 73, mean: 73 / 6, min: 1, max: 30, median: 8.5 } } },
    ]);
  });

  it("groups by a column in order of first appearance, missing keys as (none)", () => {
    const result = report({ title: "By region", rows: sales, measures: ["revenue", "units"], groupBy: "region" });
    expect(result.groups.map((group) => [group.key, group.count])).toEqual([
      ["north", 3],
      ["south", 3],
      ["(none)", 1],
    ]);
    const [north, south, none] = result.groups;
    // north revenue 10, 30, 20; units 1, 4 (null ignored)
    expect(north!.measures).toEqual({
      revenue: { count: 3, sum: 60, mean: 20, min: 10, max: 30, median: 20 },
      units: { count: 2, sum: 5, mean: 2.5, min: 1, max: 4, median: 2.5 },
    });
    // south revenue 5, 7 ("unknown" ignored); units 2, 3 ("n/a" ignored)
    expect(south!.measures).toEqual({
      revenue: { count: 2, sum: 12, mean: 6, min: 5, max: 7, median: 6 },
      units: { count: 2, sum: 5, mean: 2.5, min: 2, max: 3, median: 2.5 },
    });
    // the null-region row: revenue 1; units true is not a number
    expect(none!.measures.units).toEqual({ count: 0, sum: 0, mean: null, min: null, max: null, median: null });
  });

  it("renders Markdown by default, one line per group and measure, with the title", () => {
    const result = report({ title: "By region", rows: sales, measures: ["revenue", "units"], groupBy: "region" });
    expect(result.format).toBe("markdown");
    expect(result.document).toBe(
      [
        "# By region",
        "",
        "| region | rows | measure | count | sum | mean | min | max | median |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| north | 3 | revenue | 3 | 60 | 20 | 10 | 30 | 20 |",
        "| north | 3 | units | 2 | 5 | 2.5 | 1 | 4 | 2.5 |",
        "| south | 3 | revenue | 2 | 12 | 6 | 5 | 7 | 6 |",
        "| south | 3 | units | 2 | 5 | 2.5 | 2 | 3 | 2.5 |",
        "| (none) | 1 | revenue | 1 | 1 | 1 | 1 | 1 | 1 |",
        "| (none) | 1 | units | 0 | 0 | – | – | – | – |",
        "",
      ].join("\n"),
    );
  });

  it("rounds long decimals for readers in Markdown but keeps them in the structured result", () => {
    const result = report({ title: "Thirds", rows: [{ x: 1 }, { x: 0 }, { x: 0 }], measures: ["x"] });
    expect(result.groups[0]!.measures.x!.mean).toBe(1 / 3);
    expect(result.document).toContain("| all | 3 | x | 3 | 1 | 0.3333 | 0 | 1 | 0 |");
  });

  it("escapes pipes and newlines in Markdown cells", () => {
    const result = report({ title: "a|b", rows: [{ k: "x|y\nz", v: 1 }], measures: ["v"], groupBy: "k" });
    expect(result.document.split("\n")[0]).toBe("# a\\|b");
    expect(result.document).toContain("| x\\|y z | 1 | v |");
  });

  it("renders CSV with full precision, RFC 4180 quoting and formula-looking text neutralised", () => {
    const rows = [
      { team: "a, b", score: 1 },
      { team: 'say "hi"', score: 2 },
      { team: "=SUM(A1)", score: 3 },
      { team: "a, b", score: 0.5 },
    ];
    const result = report({ title: "Scores", rows, measures: ["score"], groupBy: "team", format: "csv" });
    expect(result.format).toBe("csv");
    expect(result.document).toBe(
      [
        "team,rows,measure,count,sum,mean,min,max,median",
        '"a, b",2,score,2,1.5,0.75,0.5,1,0.75',
        '"say ""hi""",1,score,1,2,2,2,2,2',
        "'=SUM(A1),1,score,1,3,3,3,3,3",
        "",
      ].join("\r\n"),
    );
  });

  it("leaves empty CSV cells where a statistic does not exist, and negative numbers untouched", () => {
    const result = report({ title: "t", rows: [{ v: "x", w: -2 }], measures: ["v", "w"], format: "csv" });
    expect(result.document.split("\r\n").slice(1, 3)).toEqual(["all,1,v,0,0,,,,", "all,1,w,1,-2,-2,-2,-2,-2"]);
  });

  it("produces a result that matches the catalogue's result schema", () => {
    const result = report({ title: "t", rows: sales, measures: ["revenue"], groupBy: "region", format: "csv" });
    expect(jobTypes["report.generate"].result.parse(result)).toEqual(result);
  });

  it("fails, not to be retried, before building a result past the limit from a small payload", () => {
    // 1,500 groups × 20 long measure names: a 30 KB payload whose report would be about 45 MB.
    const measures = Array.from({ length: 20 }, (_, i) => `${"m".repeat(700)}${i}`);
    const payload = { title: "t", rows: Array.from({ length: 1500 }, (_, g) => ({ g })), measures, groupBy: "g" };
    expect(JSON.stringify(payload).length).toBeLessThan(32 * 1024);
    let failure: unknown;
    try {
      report(payload);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(OutputTooLargeError);
    expect((failure as Error).message).toMatch(new RegExp(`more than ${limits.maxResultBytes} bytes`));
    expect(isRetryable(failure)).toBe(false);
  });
});

/** The Grafana dashboard in docker/grafana charts only series this API really exports. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createApiMetrics } from "../src/http/metrics";

const dashboard = readFileSync(join(__dirname, "../../../docker/grafana/jobline-dashboard.json"), "utf8");
const used = [...new Set(dashboard.match(/jobline_api_[a-z0-9_]+/g))];
/** A histogram's series are named after it with these endings. */
const baseName = (series: string): string => series.replace(/_(bucket|count|sum)$/, "");

test("the dashboard uses the API's series", () => {
  expect(used.length).toBeGreaterThan(3);
});

test.each(used)("%s is exported by the API", async (series) => {
  const text = await createApiMetrics({ processMetrics: true }).registry.metrics();
  expect(text).toContain(`# TYPE ${baseName(series)} `);
});

/** The Grafana dashboard in docker/grafana charts only series this worker really exports. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createWorkerMetrics } from "../../src/metrics";

const dashboard = readFileSync(join(__dirname, "../../../../docker/grafana/jobline-dashboard.json"), "utf8");
const used = [...new Set(dashboard.match(/jobline_(worker|queue)_[a-z0-9_]+/g))];
/** A histogram's series are named after it with these endings. */
const baseName = (series: string): string => series.replace(/_(bucket|count|sum)$/, "");

test("the dashboard uses the worker's series", () => {
  expect(used.length).toBeGreaterThan(5);
});

test.each(used)("%s is exported by the worker", async (series) => {
  const text = await createWorkerMetrics(["cpu"], { queueCounts: async () => [] }).render();
  expect(text).toContain(`# TYPE ${baseName(series)} `);
});

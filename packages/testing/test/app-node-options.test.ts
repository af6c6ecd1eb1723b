/** The heap limits are defined once in code; the places that cannot import them repeat them, and must say the same. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { appNodeOptions, repoRoot } from "../src";

const read = (file: string): string => readFileSync(path.join(repoRoot, file), "utf8");

test("the Docker images run with them in NODE_OPTIONS", () => {
  expect(read("docker/Dockerfile")).toContain(`NODE_OPTIONS="${appNodeOptions}"`);
});

test("the root package.json's start scripts pass them to node", () => {
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

  expect(scripts["start:api"]).toBe(`node ${appNodeOptions} apps/api/dist/main.js`);
  expect(scripts["start:worker"]).toBe(`node ${appNodeOptions} apps/worker/dist/main.js`);
});

test("npm run dev starts the API and the worker with them", () => {
  expect(read("scripts/lib/dev-local.sh")).toContain(`_dev_node_options=(${appNodeOptions})`);
});

test("node accepts them in NODE_OPTIONS and caps the heap near the old-space limit", () => {
  const limitBytes = Number(
    execFileSync(process.execPath, ["-p", "require('node:v8').getHeapStatistics().heap_size_limit"], {
      env: { PATH: process.env.PATH, NODE_OPTIONS: appNodeOptions },
      encoding: "utf8",
    }),
  );
  const oldSpaceMb = Number(/--max-old-space-size=(\d+)/.exec(appNodeOptions)?.[1]);

  expect(limitBytes / 2 ** 20).toBeGreaterThanOrEqual(oldSpaceMb);
  expect(limitBytes / 2 ** 20).toBeLessThan(oldSpaceMb * 1.25);
});

/**
 * The build of `npm run dev -- --watch` (scripts/lib/watch-build.cjs), on a project of its own whose build fails while a
 * source says so: a failed build prints the compiler's messages and restarts nothing; a build that succeeded does.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnService, waitFor, type SpawnedService } from "../src";

jest.setTimeout(120_000);

const root = mkdtempSync(path.join(tmpdir(), "jobline-watch-build-"));
const source = path.join(root, "packages", "thing", "src", "thing.ts");
const stamp = path.join(root, "build.stamp");
let watcher: SpawnedService;

beforeAll(async () => {
  mkdirSync(path.dirname(source), { recursive: true });
  mkdirSync(path.join(root, "apps"));
  mkdirSync(path.join(root, "prisma"));
  writeFileSync(source, "export const thing = 1;\n");
  // A stand-in for the compiler: fails with a message naming the file while it holds the word "broken".
  writeFileSync(
    path.join(root, "compile.js"),
    `if (require("fs").readFileSync(${JSON.stringify(source)}, "utf8").includes("broken")) {
      console.error("thing.ts(1,1): error TS2322: broken");
      process.exit(2);
    }`,
  );
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "watched", private: true, scripts: { build: "node compile.js" } }));
  watcher = spawnService(
    "watch-build",
    "scripts/lib/watch-build.cjs",
    { HOME: process.env.HOME },
    {
      args: [root, path.join(root, "build.log"), stamp],
    },
  );
  await watcher.waitForLine(/watching 1 source folders/, 30_000);
});

afterAll(async () => {
  await watcher?.stop("SIGTERM");
  rmSync(root, { recursive: true, force: true });
});

it("prints a failed build's errors and writes no stamp; a build that succeeds writes one", async () => {
  writeFileSync(source, "export const thing: number = 'broken';\n");
  await watcher.waitForLine(/the build failed/, 60_000);
  expect(watcher.stdout()).toContain("thing.ts(1,1): error TS2322: broken");
  expect(() => readFileSync(stamp)).toThrow();

  writeFileSync(source, "export const thing = 2;\n");
  await watcher.waitForLine(/build succeeded: restarting the API and the worker/, 60_000);
  expect(await waitFor(async () => readFileSync(stamp, "utf8").trim() || undefined, "the stamp")).toBe("1");
  expect(readFileSync(path.join(root, "build.log"), "utf8")).toContain("error TS2322: broken");
});

import { spawnSync } from "node:child_process";
import path from "node:path";
import { batchLogLines } from "../src/log-batch";

function sink(): { writes: string[]; next: () => Promise<string>; write(text: string): void } {
  const writes: string[] = [];
  let waiting: ((text: string) => void) | undefined;
  return {
    writes,
    next: () => new Promise((resolve) => (waiting = resolve)),
    write(text) {
      writes.push(text);
      waiting?.(text);
    },
  };
}

test("lines written close together go out in one write", async () => {
  const out = sink();
  const batch = batchLogLines(out, { maxWaitMs: 20, maxChars: 16_000 });
  const written = out.next();
  batch.write("a\n");
  batch.write("b\n");

  expect(out.writes).toEqual([]);
  expect(await written).toBe("a\nb\n");
});

test("an error line goes out at once, after the lines held before it", () => {
  const out = sink();
  const batch = batchLogLines(out, { maxWaitMs: 60_000, maxChars: 16_000 });
  batch.write("info\n");
  batch.lastLevel = 50;
  batch.write("error\n");

  expect(out.writes).toEqual(["info\nerror\n"]);
});

test("held text past the size limit goes out at once", () => {
  const out = sink();
  const batch = batchLogLines(out, { maxWaitMs: 60_000, maxChars: 10 });
  batch.write("12345\n");
  batch.write("67890\n");

  expect(out.writes).toEqual(["12345\n67890\n"]);
});

test("what is taken is no longer held", () => {
  const out = sink();
  const batch = batchLogLines(out, { maxWaitMs: 60_000, maxChars: 16_000 });
  batch.write("held\n");

  expect(batch.takeHeld()).toBe("held\n");
  expect(batch.takeHeld()).toBe("");
  expect(out.writes).toEqual([]);
});

// The built destination in a real process: what a crash-free exit and an uncaught error leave on stdout.
const built = path.resolve(__dirname, "..", "dist", "index.js");
const logThen = (end: string): string =>
  spawnSync(
    process.execPath,
    ["-e", `const l = require("pino")({}, require(${JSON.stringify(built)}).logDestination("json")); l.info("held line"); ${end}`],
    {
      cwd: __dirname,
      encoding: "utf8",
    },
  ).stdout;

test("a line still held when the process exits is written", () => {
  expect(logThen("process.exit(0)")).toContain('"msg":"held line"');
});

test("a line still held when an uncaught error ends the process is written", () => {
  expect(logThen('setImmediate(() => { throw new Error("crash") })')).toContain('"msg":"held line"');
});

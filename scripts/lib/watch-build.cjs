#!/usr/bin/env node
// The build of `npm run dev -- --watch`: watches the packages' and apps' sources and the Prisma schema, and on a
// change runs the whole build (`pnpm build`; turbo rebuilds only what changed). Its output goes to stdout, the dev
// terminal, with the compiler's messages; and to LOG. After a build that succeeded, and only then, it writes the
// build's number to STAMP: dev-local.sh restarts the API and the worker together on a new number, so they never run
// a half-built pair (a new catalogue in @jobline/contract with the worker's old handlers).
//
//   watch-build.cjs ROOT LOG STAMP
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const [root, logFile, stampFile] = process.argv.slice(2);
if (!root || !logFile || !stampFile) {
  console.error("usage: watch-build.cjs ROOT LOG STAMP");
  process.exit(2);
}
/** Changes closer together than this are one edit (an editor's save, a branch switch). */
const settleMs = 300;

const log = fs.createWriteStream(logFile, { flags: "a" });
const say = (line) => {
  process.stdout.write(`[jobline] ${line}\n`);
  log.write(`--- ${new Date().toISOString()} ${line}\n`);
};

// Not what builds write: dist/ is outside src/, and packages/db's build generates its Prisma client under src/generated.
const ignored = (file) => file.split(path.sep).includes("generated");
const watched = ["apps", "packages"].flatMap((group) =>
  fs
    .readdirSync(path.join(root, group))
    .map((name) => path.join(root, group, name, "src"))
    .filter((dir) => fs.existsSync(dir)),
);

let builds = 0;
let building = null;
let changedSince = false;
let timer = null;

function runBuild() {
  changedSince = false;
  say("building");
  const child = spawn("pnpm", ["build", "--output-logs=errors-only"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  building = child;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      process.stdout.write(chunk);
      log.write(chunk);
    });
  }
  child.on("close", (code, signal) => {
    building = null;
    if (signal) return;
    if (code === 0) {
      builds += 1;
      fs.writeFileSync(stampFile, `${builds}\n`);
      say("build succeeded: restarting the API and the worker");
    } else {
      say("the build failed (the compiler's messages are above): the API and the worker keep running the last good build");
    }
    if (changedSince) schedule();
  });
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => (building ? (changedSince = true) : runBuild()), settleMs);
}

for (const dir of watched) {
  fs.watch(dir, { recursive: true }, (_event, file) => {
    if (file && ignored(file)) return;
    if (building) changedSince = true;
    else schedule();
  });
}
fs.watch(path.join(root, "prisma"), (_event, file) => {
  if (file === "schema.prisma") schedule();
});

// dev-local.sh stops this process's whole group, a build in flight with it; on a signal of its own, end the build too.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    building?.kill("SIGTERM");
    process.exit(0);
  });
}
say(`watching ${watched.length} source folders and prisma/schema.prisma (log: ${path.relative(root, logFile)})`);

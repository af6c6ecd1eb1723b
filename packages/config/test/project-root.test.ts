import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRootOf, relativeToProjectRoot } from "../src";

const checkout = path.resolve(__dirname, "..", "..", "..");

test("in a checkout the project root is the pnpm workspace", () => {
  expect(projectRootOf(path.join(checkout, "apps", "worker", "dist"), "/elsewhere")).toBe(checkout);
});

test("an app deployed alone (no workspace above it) takes the fallback, its working folder", () => {
  const deployed = mkdtempSync(path.join(os.tmpdir(), "jobline-app-"));
  try {
    expect(projectRootOf(path.join(deployed, "node_modules", "@jobline", "config", "dist"), deployed)).toBe(deployed);
  } finally {
    rmSync(deployed, { recursive: true });
  }
});

test("paths under the root become relative, plain or as file: URLs; others stay", () => {
  const stack = "Error: x\n    at f (/srv/app/dist/a.js:1:2)\n    at file:///srv/app/dist/b.mjs:3:4\n    at g (node:internal/x:5:6)";

  expect(relativeToProjectRoot(stack, "/srv/app")).toBe(
    "Error: x\n    at f (dist/a.js:1:2)\n    at dist/b.mjs:3:4\n    at g (node:internal/x:5:6)",
  );
});

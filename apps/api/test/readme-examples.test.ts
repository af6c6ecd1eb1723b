/**
 * The README's shell examples marked ```` ```sh test ```` run as written against a running stack (the built API and a
 * worker on a fresh database and queue prefix), with the variables the README tells its reader to set: `JOBLINE`,
 * `JOBLINE_TOKEN` (owner and scopes of the dev token) and `ADMIN` (an admin token). Each block exits 0 under
 * `set -euo pipefail`, every curl in it answered 2xx; where it shows what it prints (a `# {…}` comment after a command), the printed JSON has the
 * fields the comment spells out; a variable it exports is set to something.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createApiKey } from "@jobline/db";
import { repoRoot, startStack, type Stack } from "@jobline/testing";

jest.setTimeout(180_000);

const run = promisify(execFile);

interface Block {
  line: number;
  code: string;
}

/** The fenced blocks whose info string is `sh test`, with the line they start on. */
function markedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```sh test") continue;
    const end = lines.indexOf("```", i + 1);
    blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** The `"key":value` pairs a `# {…}` sample spells out in full (values with `…` in them are left out). */
function sampleFields(code: string): Record<string, unknown> {
  const sample = code.split("\n").find((line) => line.startsWith("# {"));
  if (sample === undefined) return {};
  return Object.fromEntries(
    [...sample.matchAll(/"(\w+)":("[^"]*"|-?\d+|null|true|false)/g)]
      .filter(([, , value]) => !value!.includes("…"))
      .map(([, key, value]) => [key!, JSON.parse(value!)]),
  );
}

const blocks = markedBlocks(readFileSync(path.join(repoRoot, "README.md"), "utf8"));
let stack: Stack;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  stack = await startStack({ apis: 1, workers: 1, owner: "dev" });
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    JOBLINE: stack.baseUrl(),
    JOBLINE_TOKEN: stack.token,
    ADMIN: (await createApiKey(stack.prisma, { owner: "ops", scopes: ["admin"] })).token,
    DATABASE_URL: stack.databaseUrl,
    JOBLINE_DEV_SETTINGS: "",
  };
}, 120_000);

afterAll(async () => {
  await stack?.teardown();
}, 60_000);

test("the README marks its runnable examples", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(3);
});

test.each(blocks.map((block) => [block.line, block] as const))("the example at README.md line %i runs", async (_line, block) => {
  const exported = [...block.code.matchAll(/^export (\w+)=/gm)].map((match) => match[1]!);
  // A curl that gets a 4xx or 5xx fails the block, as a reader would count it failed.
  const script = [
    "set -euo pipefail",
    'curl() { command curl --fail-with-body "$@"; }',
    block.code,
    ...exported.map((name) => `printf '\\n%s=%s\\n' ${name} "$${name}"`),
  ].join("\n");
  const { stdout } = await run("bash", ["-c", script], { cwd: repoRoot, env, timeout: 60_000 });

  for (const name of exported) expect(stdout).toMatch(new RegExp(`^${name}=(?!null$).+$`, "m"));
  const fields = sampleFields(block.code);
  if (Object.keys(fields).length > 0) expect(JSON.parse(stdout.split("\n")[0]!)).toMatchObject(fields);
});

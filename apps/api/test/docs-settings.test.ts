/**
 * `.env.example` and the README's settings table say they list every setting: held to the variables the code reads.
 * Those are the keys of every configuration schema (the API's, the worker's, the operator CLIs' shared fragments)
 * and the variables the command-line tools read around them (found by letting them read a recording environment).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { databaseEnv, migrationsEnv, retentionDaysEnv } from "@jobline/config";
import { loadCliConfig } from "../src/cli/cli-config";
import { EnvSchema as apiEnvSchema } from "../src/config";

const root = path.resolve(__dirname, "../../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Load = (env: Record<string, string | undefined>) => unknown;
// Other packages' sources, loaded through jest's transform (outside this package's, so not imported for the type check).
const { envSchema: workerEnvSchema } = require(path.join(root, "apps/worker/src/config.ts")) as {
  envSchema(defaults: { cpuConcurrency: number }): { shape: object };
};
const joblineCommand = require(path.join(root, "packages/cli/src/config.ts")) as {
  readConfig(env: Record<string, string | undefined>, cwd: string): unknown;
  environmentHelp: string;
};

/** The names `load` reads from its environment (with no dev stack's settings file to fall back on). */
function namesRead(load: Load): string[] {
  const asked = new Set<string>();
  const env = new Proxy(
    {},
    {
      get: (_target, name) => {
        if (typeof name === "string") asked.add(name);
        return name === "JOBLINE_DEV_SETTINGS" ? "" : undefined;
      },
    },
  );
  try {
    load(env);
  } catch {
    // A required variable is missing: what was asked for until then is what counts.
  }
  return [...asked];
}

/** Every variable a Jobline process or command reads. */
const settings = new Set([
  ...Object.keys(apiEnvSchema.shape),
  ...Object.keys(workerEnvSchema({ cpuConcurrency: 1 }).shape),
  ...Object.keys({ ...databaseEnv, ...retentionDaysEnv, ...migrationsEnv }),
  // The jobline command: what it reads directly, and what its --help says it reads (it fills JOBLINE_URL from a copy).
  ...namesRead((env) => joblineCommand.readConfig(env, root)),
  ...[...joblineCommand.environmentHelp.matchAll(/^ {2}([A-Z][A-Z0-9_]+) /gm)].map((match) => match[1]!),
  ...namesRead(loadCliConfig),
]);

/** Read elsewhere: by docker/compose.yml's interpolation, and by the test helpers (packages/testing). */
const composeVariables = [
  ...new Set(
    read("docker/compose.yml")
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#"))
      .flatMap((line) => [...line.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]!)),
  ),
];
const testVariables = ["TEST_DATABASE_URL", "TEST_REDIS_URL"];

/** `NAME=` lines of .env.example, set or commented out. */
const exampleNames = read(".env.example")
  .split("\n")
  .flatMap((line) => /^#?([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []);

/** The variables in the first column of the README's "## Configuration" table. */
function readmeTableNames(): string[] {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("\n## Configuration\n"), readme.indexOf("\n## ", readme.indexOf("\n## Configuration\n") + 1));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!));
}

test("the settings are found (the schemas were read)", () => {
  expect([...settings]).toEqual(expect.arrayContaining(["DATABASE_URL", "PORT", "WORKER_QUEUES", "JOBLINE_MIGRATIONS_DIR", "JOBLINE_URL"]));
});

test(".env.example has every setting", () => {
  expect([...settings].filter((name) => !exampleNames.includes(name))).toEqual([]);
});

test(".env.example has nothing no process reads", () => {
  const known = new Set([...settings, ...composeVariables, ...testVariables]);
  expect(exampleNames.filter((name) => !known.has(name))).toEqual([]);
});

test("the README's settings table lists every setting, and nothing else", () => {
  const table = readmeTableNames();
  expect([...settings].filter((name) => !table.includes(name))).toEqual([]);
  expect(table.filter((name) => !settings.has(name) && !testVariables.includes(name))).toEqual([]);
});

/**
 * Where the token command finds its database: DATABASE_URL when set; else the settings `npm run dev` wrote, saying
 * so; else an error that says what to set or start.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfigError } from "@jobline/config";
import { loadCliConfig } from "../src/cli/cli-config";

let dir: string;
let settings: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "jobline-cli-config-"));
  settings = path.join(dir, "settings.env");
  await writeFile(
    settings,
    "# written by npm run dev\nDATABASE_URL=postgresql://postgres@127.0.0.1:55432/jobline\nREDIS_URL=redis://127.0.0.1:56379\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("DATABASE_URL from the environment wins, without a notice", () => {
  const config = loadCliConfig({ DATABASE_URL: "postgresql://postgres@db.internal:5432/jobline", JOBLINE_DEV_SETTINGS: settings });

  expect(config).toEqual({ databaseUrl: "postgresql://postgres@db.internal:5432/jobline" });
});

test("without DATABASE_URL, the dev stack's settings are used and the notice says where they came from", () => {
  const config = loadCliConfig({ JOBLINE_DEV_SETTINGS: settings });

  expect(config.databaseUrl).toBe("postgresql://postgres@127.0.0.1:55432/jobline");
  expect(config.notice).toBe(`DATABASE_URL is not set: using the dev stack's, from ${settings}`);
});

test("with neither, the error says to set DATABASE_URL or start the dev stack", () => {
  const load = () => loadCliConfig({ JOBLINE_DEV_SETTINGS: path.join(dir, "absent.env") });

  expect(load).toThrow(ConfigError);
  expect(load).toThrow(/DATABASE_URL: is required; set it, or start the dev stack \(npm run dev\)/);
});

/** The dev stack's settings file, read by operator commands in another shell; the tests' JOBLINE_DEV_SETTINGS="" reads none. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { databaseEnv, defaultDevSettingsFile, devSettingsFile, parseCliEnvironment, withDevSettings } from "../src";

let dir: string;
let settings: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "jobline-dev-settings-"));
  settings = path.join(dir, "settings.env");
  await writeFile(
    settings,
    "# written by npm run dev\nDATABASE_URL=postgresql://postgres@127.0.0.1:55432/jobline\nJOBLINE_URL=http://localhost:3002\n",
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("the file is the one the dev script writes, at the repository's .jobline/dev/settings.env", () => {
  expect(devSettingsFile({})).toBe(defaultDevSettingsFile);
  expect(path.relative(path.resolve(__dirname, "../../.."), defaultDevSettingsFile)).toBe(path.join(".jobline", "dev", "settings.env"));
});

test("JOBLINE_DEV_SETTINGS names another file; empty names none", () => {
  expect(devSettingsFile({ JOBLINE_DEV_SETTINGS: settings })).toBe(settings);
  expect(devSettingsFile({ JOBLINE_DEV_SETTINGS: "" })).toBeUndefined();
});

test("the test harness reads no dev settings (jest.base.js sets JOBLINE_DEV_SETTINGS to empty)", () => {
  expect(process.env.JOBLINE_DEV_SETTINGS).toBe("");
});

test("unset names are filled from the file, with a notice naming them; set ones are kept", () => {
  const result = withDevSettings({ JOBLINE_DEV_SETTINGS: settings, DATABASE_URL: "postgresql://elsewhere/db" }, [
    "DATABASE_URL",
    "JOBLINE_URL",
  ]);

  expect(result.env).toMatchObject({ DATABASE_URL: "postgresql://elsewhere/db", JOBLINE_URL: "http://localhost:3002" });
  expect(result.notice).toBe(`JOBLINE_URL is not set: using the dev stack's, from ${settings}`);
});

test("without the file, or with every name set, the environment is returned as it is and there is no notice", () => {
  const env = { JOBLINE_DEV_SETTINGS: path.join(dir, "absent.env") };

  expect(withDevSettings(env, ["DATABASE_URL"])).toEqual({ env });
  expect(withDevSettings({ JOBLINE_DEV_SETTINGS: settings, JOBLINE_URL: "http://x" }, ["JOBLINE_URL"]).notice).toBeUndefined();
});

test("a command's environment takes the names it asks for from the dev stack, saying so on stderr", () => {
  const said = jest.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    const env = parseCliEnvironment("db:migrate", z.object(databaseEnv), { JOBLINE_DEV_SETTINGS: settings }, ["DATABASE_URL"]);

    expect(env.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:55432/jobline");
    expect(said).toHaveBeenCalledWith(`db:migrate: DATABASE_URL is not set: using the dev stack's, from ${settings}`);
  } finally {
    said.mockRestore();
  }
});

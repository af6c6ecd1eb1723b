/** Where `jobline` sends its requests: JOBLINE_URL, else the dev stack's (from its settings file), else port 3000. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultUrl, findDevSettings, readConfig } from "../src/config";

let dir: string;
let settings: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "jobline-cli-url-"));
  settings = path.join(dir, "settings.env");
  await writeFile(settings, "DATABASE_URL=postgresql://postgres@127.0.0.1:55432/jobline\nJOBLINE_URL=http://localhost:3002\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("JOBLINE_URL wins over the dev stack's, without a notice", () => {
  expect(readConfig({ JOBLINE_URL: "http://api.internal", JOBLINE_DEV_SETTINGS: settings }, dir)).toEqual({
    url: "http://api.internal",
    token: undefined,
  });
});

test("without JOBLINE_URL, the dev stack's URL is used and the notice says so", () => {
  const config = readConfig({ JOBLINE_DEV_SETTINGS: settings, JOBLINE_TOKEN: "jl_x" }, dir);

  expect(config).toMatchObject({ url: "http://localhost:3002", token: "jl_x" });
  expect(config.notice).toBe(`JOBLINE_URL is not set: using the dev stack's, from ${settings}`);
});

test("with neither, the API's default port", () => {
  expect(readConfig({ JOBLINE_DEV_SETTINGS: path.join(dir, "absent.env") }, dir)).toEqual({ url: defaultUrl, token: undefined });
});

test("without JOBLINE_DEV_SETTINGS, the settings of the checkout it runs in, from any folder inside it", async () => {
  const checkout = path.join(dir, "checkout");
  const inside = path.join(checkout, "apps", "api");
  await mkdir(path.join(checkout, ".jobline", "dev"), { recursive: true });
  await mkdir(inside, { recursive: true });
  const found = path.join(checkout, ".jobline", "dev", "settings.env");
  await writeFile(found, "JOBLINE_URL=http://localhost:3005\n");

  expect(findDevSettings(inside)).toBe(found);
  expect(readConfig({}, inside)).toMatchObject({ url: "http://localhost:3005" });
});

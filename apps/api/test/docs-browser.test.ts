/**
 * `/docs` in a real browser (Debian's chromium, driven by playwright-core): Swagger UI, served from the API's own
 * packages, renders the document under the page's Content-Security-Policy without asking any other host.
 */
import { existsSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

jest.setTimeout(120_000);

const chromiumPath = "/usr/bin/chromium";
let h: ApiHarness;
let server: Server;
let baseUrl: string;
let browser: Browser;
let page: Page;
const hostsAsked = new Set<string>();
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(`${chromiumPath} is missing: the docs test needs Debian's chromium (apt-get install chromium)`);
  h = await startApiHarness();
  server = h.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage();
  page.on("request", (asked) => hostsAsked.add(new URL(asked.url()).host));
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(`${baseUrl}/docs`);
  await page.locator(".opblock").first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

test("every operation of the document is listed", async () => {
  const document = (await request(h.app).get("/openapi.json")).body as { paths: Record<string, object> };
  const operations = Object.values(document.paths).reduce((count, methods) => count + Object.keys(methods).length, 0);

  expect(await page.locator(".opblock").count()).toBe(operations);
  expect(await page.locator(".opblock-summary-path", { hasText: /^\/v1\/jobs$/ }).count()).toBe(2);
});

test("an operation opens to its parameters, an example request body and its answers", async () => {
  await page.locator("#operations-jobs-submitJob .opblock-summary").click();
  const operation = page.locator("#operations-jobs-submitJob");

  await operation.locator(".parameters-container", { hasText: "Idempotency-Key" }).waitFor();
  expect(await operation.locator(".body-param__example, .highlight-code").first().innerText()).toContain('"type"');
  for (const status of ["202", "422", "429"]) expect(await operation.locator(`.response[data-code="${status}"]`).count()).toBe(1);
});

test("Try it out sends the submit example with the reader's token, and the job is accepted", async () => {
  await page.locator("button.authorize").first().click();
  await page.locator(".modal-ux input").fill(h.tokens.writer);
  await page.locator(".modal-ux button.authorize").click();
  await page.locator(".modal-ux button.btn-done").click();
  const operation = page.locator("#operations-jobs-submitJob");
  await operation.locator("button.try-out__btn").click();
  await operation.locator("button.execute").click();

  const status = operation.locator(".live-responses-table tr.response .response-col_status").first();
  await status.waitFor();
  expect((await status.innerText()).trim()).toBe("202");
});

test("the list operation shows its query parameters", async () => {
  await page.locator("#operations-jobs-listJobs .opblock-summary").click();

  const parameters = page.locator("#operations-jobs-listJobs .parameters-container");
  await parameters.waitFor();
  for (const name of ["status", "type", "limit", "cursor"])
    expect(await parameters.locator(`tr[data-param-name="${name}"]`).count()).toBe(1);
});

test("nothing came from another host and the policy refused nothing", async () => {
  expect([...hostsAsked]).toEqual([new URL(baseUrl).host]);
  expect(consoleErrors).toEqual([]);
});

test("the page's policy allows this origin's scripts and styles only", async () => {
  const res = await request(h.app).get("/docs");

  expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
  expect(res.headers["content-security-policy"]).toContain("script-src 'self';");
  expect(res.text).not.toMatch(/<script>(?!<)/);
});

/**
 * The dashboard in a real browser (Debian's chromium, driven by playwright-core) against the built API and worker as
 * processes: an operator logs in, reads a failed job's error and stack, retries it and removes a scheduled job from
 * the board, and the API agrees; the actions Jobline switches off are not offered, and a refused one says why.
 * `DASHBOARD_SCREENSHOT=<path>` also saves a screenshot of the board there.
 */
import { existsSync } from "node:fs";
import { createApiKey } from "@jobline/db";
import { startStack, waitFor, type Stack } from "@jobline/testing";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

const chromiumPath = "/usr/bin/chromium";
const operator = { username: "operator", password: "correct horse battery" };

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let adminToken: string;
/** Every host the pages asked for anything: only the API's own. */
const hostsAsked = new Set<string>();

async function call(method: string, path: string, body?: unknown, token = stack.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.baseUrl()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await call("POST", "/v1/jobs", body);
  expect(res.status).toBe(202);
  return res.body.id as string;
}

const statusOf = async (id: string): Promise<string> => (await call("GET", `/v1/jobs/${id}`)).body.status as string;

async function openBoard(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on("request", (request) => hostsAsked.add(new URL(request.url()).host));
  await page.goto(`${stack.baseUrl()}/admin/queues${path}`);
  return page;
}

/** The tooltip the board shows over the button the pointer is on. */
const tooltip = (page: Page) => page.locator('[data-base-ui-portal] [role="presentation"][data-open]');

/**
 * The job page's action buttons, each with its name. The buttons are icons named only by the tooltip they show on
 * hover, so each is hovered in turn.
 */
async function actionButtons(page: Page): Promise<Array<{ name: string; button: Locator }>> {
  const buttons = page.getByRole("main").getByRole("list").first().getByRole("button");
  await buttons.first().waitFor();
  const named = [];
  for (const button of await buttons.all()) {
    await button.hover();
    named.push({ name: (await tooltip(page).textContent()) ?? "", button });
    await page.mouse.move(0, 0);
    await tooltip(page).waitFor({ state: "detached" });
  }
  return named;
}

const offeredActions = async (page: Page): Promise<string[]> => (await actionButtons(page)).map(({ name }) => name);

/** Clicks an action on the job's page and confirms it. */
async function act(page: Page, action: string): Promise<void> {
  const found = (await actionButtons(page)).find(({ name }) => name === action);
  if (!found) throw new Error(`no ${action} button on the job's page`);
  await found.button.click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Confirm" }).click();
}

/** What the page's first menu (opened by its ⋮ button: the queue's, or the overview's) holds. */
async function menuItems(page: Page): Promise<string[]> {
  await page.getByRole("main").locator('button[aria-haspopup="menu"]').first().click();
  const items = page.getByRole("menu").first().getByRole("menuitem");
  await items.first().waitFor();
  return items.allTextContents();
}
beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the dashboard test needs Debian's chromium (scripts/test.sh installs it with apt-get install chromium)`,
    );
  }
  stack = await startStack({
    apis: 1,
    workers: 1,
    apiEnv: { BOARD_USERNAME: operator.username, BOARD_PASSWORD: operator.password },
    // A quick reconciler, so the test sees that it leaves a job removed from the board cancelled.
    workerEnv: { RECONCILE_INTERVAL_MS: "300", RECONCILE_GRACE_MS: "300" },
  });
  adminToken = (await createApiKey(stack.prisma, { owner: "ops", scopes: ["admin"] })).token;
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
  context = await browser.newContext({ httpCredentials: operator, viewport: { width: 1400, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.teardown();
});

test("the operator sees the cpu, gpu and dead-letter queues, and the page asks nothing of any other host", async () => {
  const page = await openBoard("/");

  for (const queue of ["cpu", "gpu", "dead-letter"]) await page.getByRole("link", { name: queue, exact: true }).first().waitFor();
  expect([...hostsAsked]).toEqual([new URL(stack.baseUrl()).host]);
  await page.close();
}, 60_000);

test("a failed job shows its error and stack trace, offers Retry and Clean only; Retry re-drives it, the API says so, and the audit log names the operator", async () => {
  const id = await submit({ type: "demo.fail", payload: { failTimes: 2 }, maxAttempts: 2 });
  await waitFor(async () => (await statusOf(id)) === "failed", "the job to fail");
  // The dead letter is filed among the dead-letter queue's failed entries with the job's own error.
  const page = await waitFor(async () => {
    const candidate = await openBoard(`/queue/dead-letter/${id}`);
    if (
      await candidate
        .getByRole("tab", { name: "Error", selected: true })
        .waitFor({ timeout: 3000 })
        .then(
          () => true,
          () => false,
        )
    )
      return candidate;
    await candidate.close();
    return undefined;
  }, "the dead letter's page to open on its error");

  const error = page.getByRole("tabpanel", { name: "Error" });
  await error
    .getByText(/at demoFail/)
    .first()
    .waitFor();
  await expect(error.textContent()).resolves.toMatch(
    /Error: demo\.fail: attempt 2 fails \(failTimes=2\)\s+at demoFail \(apps\/worker\/dist\/handlers\/demo-fail\.js:/,
  );
  if (process.env.DASHBOARD_SCREENSHOT) await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT });
  expect(await offeredActions(page)).toEqual(["Retry", "Clean"]);

  await act(page, "Retry");

  await waitFor(async () => {
    const events = (await call("GET", `/v1/jobs/${id}/events`)).body.data as Array<{ type: string }>;
    return events.some((event) => event.type === "job.redriven");
  }, "the API to say the job was re-driven");
  const audit = (await call("GET", "/v1/audit?action=dashboard.retry", undefined, adminToken)).body.data;
  expect(audit).toEqual([
    expect.objectContaining({
      action: "dashboard.retry",
      target: id,
      actor: expect.objectContaining({ label: `dashboard (${operator.username})` }),
    }),
  ]);
  await page.close();
}, 90_000);

test("Remove on a scheduled job cancels it: the API says cancelled, the reconciler leaves it so, and the audit log has it", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "later" }, runAt: new Date(Date.now() + 3_600_000).toISOString() });
  const page = await openBoard(`/queue/cpu/${id}`);

  await act(page, "Clean");

  await waitFor(async () => (await statusOf(id)) === "cancelled", "the API to say cancelled");
  // A few reconciler passes (every 300 ms): the job is not put back.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await statusOf(id)).toBe("cancelled");
  const audit = (await call("GET", "/v1/audit?action=dashboard.remove", undefined, adminToken)).body.data;
  expect(audit).toEqual([expect.objectContaining({ action: "dashboard.remove", target: id })]);
  await page.close();
}, 60_000);

test("a scheduled job offers Promote and Clean, none of Duplicate, Update data and Reschedule", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "later" }, runAt: new Date(Date.now() + 3_600_000).toISOString() });
  const page = await openBoard(`/queue/cpu/${id}`);

  expect(await offeredActions(page)).toEqual(["Promote", "Clean"]);
  await page.close();
}, 60_000);

test("a scheduled job's Data tab shows its owner, Jobline status and payload from the row", async () => {
  const id = await submit({
    type: "demo.echo",
    payload: { message: "from the row" },
    runAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const page = await openBoard(`/queue/cpu/${id}`);

  const data = page.getByRole("tabpanel", { name: "Data" });
  await data.getByText('"from the row"').waitFor();
  await expect(data.textContent()).resolves.toMatch(/owner:\s*"stack".*type:\s*"demo\.echo".*status:\s*"scheduled".*payload:/s);
  await page.close();
}, 60_000);

test("a queue's entries come with no bulk action, and its menu offers Pause alone", async () => {
  await submit({ type: "demo.echo", payload: { message: "later" }, runAt: new Date(Date.now() + 3_600_000).toISOString() });
  const page = await openBoard("/queue/cpu?status=delayed");
  await page.getByRole("main").getByText("demo.echo").first().waitFor();

  expect(await page.getByRole("main").getByRole("button", { name: / all$/ }).count()).toBe(0);
  expect(await menuItems(page)).toEqual(["Pause"]);
  await page.close();
}, 60_000);

test("the overview's menu offers Pause all, and no retry of every queue's failed jobs", async () => {
  const id = await submit({ type: "demo.fail", payload: { failTimes: 1 }, maxAttempts: 1 });
  await waitFor(async () => (await statusOf(id)) === "failed", "the job to fail");
  const page = await openBoard("/");

  expect(await menuItems(page)).toEqual(["Pause all", "Sort by"]);
  await page.close();
}, 60_000);

test("a refused action's notice shows the problem's title and, below it, why, as a sentence", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "done" } });
  await waitFor(async () => (await statusOf(id)) === "completed", "the job to complete");
  const page = await openBoard(`/queue/cpu/${id}`);

  await act(page, "Clean");

  const notice = page.getByRole("region", { name: "Notifications" }).getByRole("dialog");
  const title = notice.getByRole("heading");
  const description = notice.locator("p");
  await expect(title.textContent()).resolves.toBe("The resource's state does not allow this");
  await expect(description.textContent()).resolves.toBe("A completed job cannot be cancelled; it has already finished.");
  const [titleBox, descriptionBox] = await Promise.all([title.boundingBox(), description.boundingBox()]);
  expect(descriptionBox!.y).toBeGreaterThan(titleBox!.y + titleBox!.height);
  await page.close();
}, 60_000);

test("a wrong password gets a 401 and no board", async () => {
  const stranger = await browser.newContext({ httpCredentials: { username: operator.username, password: "wrong" } });
  const page = await stranger.newPage();

  const response = await page.goto(`${stack.baseUrl()}/admin/queues/`);

  expect(response?.status()).toBe(401);
  expect(await page.content()).not.toContain("__UI_CONFIG__");
  await stranger.close();
}, 30_000);

/**
 * The dashboard's action calls, in process against real Postgres and Redis (no worker): what is carried into the row
 * (promote, pause) and what is switched off, what the board shows of a job (its row's owner, status and payload, a
 * dead letter's own timeline, its priority), and a page with nothing external. Retry and Clean are proved in a real browser (dashboard-browser.test.ts).
 */
import { randomUUID } from "node:crypto";
import { projectRoot } from "@jobline/config";
import type { DeadLetterData } from "@jobline/queues";
import { waitFor } from "@jobline/testing";
import { Worker } from "bullmq";
import request from "supertest";
import { failedJob } from "./support/failed-jobs";
import { boardCredentials, startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.close();
});

const board = (method: "get" | "put" | "post" | "patch", path: string) =>
  request(h.app)[method](`/admin/queues${path}`).auth(boardCredentials.username, boardCredentials.password);

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`).send(body);
  expect(res.status).toBe(202);
  return res.body.id as string;
}

const apiJob = async (id: string) => (await request(h.app).get(`/v1/jobs/${id}`).set("Authorization", `Bearer ${h.tokens.writer}`)).body;

test("Promote starts a scheduled job now: its runAt is cleared, its entry waits no more, and the audit log has it", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "later" }, runAt: new Date(Date.now() + 3_600_000).toISOString() });

  const res = await board("put", `/api/queues/cpu/${id}/promote`);

  expect(res.status).toBe(204);
  expect(await apiJob(id)).toMatchObject({ status: "scheduled", runAt: null });
  expect(await h.queues.work.cpu.getJobState(id)).toMatch(/^(waiting|prioritized)$/);
  const audit = await h.prisma.auditEntry.findMany({ where: { action: "dashboard.promote", target: id } });
  expect(audit).toEqual([expect.objectContaining({ actor: `dashboard (${boardCredentials.username})` })]);
});

test("Promote through another queue's path records the job's own queue, and the path it came through", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "later" }, runAt: new Date(Date.now() + 3_600_000).toISOString() });

  const res = await board("put", `/api/queues/gpu/${id}/promote`);

  expect(res.status).toBe(204);
  const audit = await h.prisma.auditEntry.findMany({ where: { action: "dashboard.promote", target: id } });
  expect(audit).toEqual([expect.objectContaining({ detail: { queue: "cpu", takenIn: "gpu", type: "demo.echo" } })]);
});

test("Promote of a job with nothing to wait for is a 409 the board can show", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "now" } });

  const res = await board("put", `/api/queues/cpu/${id}/promote`);

  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ status: 409, error: expect.any(String), message: expect.stringContaining("queued") });
});

test.each([
  ["post", "/api/queues/cpu/add"],
  ["patch", "/api/queues/cpu/00000000-0000-4000-8000-000000000000/update-data"],
  ["put", "/api/queues/cpu/clean/failed"],
  ["put", "/api/queues/cpu/obliterate"],
  ["put", "/api/queues/cpu/some-future-action"],
] as const)("%s %s is switched off: 405, with the reason the board shows", async (method, path) => {
  const res = await board(method, path).send({});

  expect(res.status).toBe(405);
  expect(res.type).toBe("application/problem+json");
  expect(res.body).toMatchObject({
    type: "/problems/dashboard-action-off",
    error: "This dashboard action is switched off",
    message: expect.any(String),
  });
});

test("Pause is carried to the queue and audited; the job stays queued", async () => {
  const id = await submit({ type: "demo.echo", payload: { message: "held" } });

  expect((await board("put", "/api/queues/gpu/pause")).status).toBe(204);

  expect(await h.queues.work.gpu.isPaused()).toBe(true);
  expect((await apiJob(id)).status).toBe("queued");
  expect(await h.prisma.auditEntry.count({ where: { action: "dashboard.pause", target: "gpu" } })).toBe(1);
  await board("put", "/api/queues/gpu/resume");
});

test("the board shows Jobline's priority, and no badge for the default", async () => {
  const urgent = await submit({ type: "demo.echo", payload: { message: "urgent" }, priority: 90 });
  const ordinary = await submit({ type: "demo.echo", payload: { message: "ordinary" } });

  const shown = async (id: string) => (await board("get", `/api/queues/cpu/${id}`)).body.job;

  expect(await shown(urgent)).toMatchObject({ priority: 90, opts: expect.objectContaining({ priority: 90 }) });
  expect((await shown(ordinary)).priority).toBeUndefined();
});

test.each([
  ["the job's page", (id: string) => `/api/queues/cpu/${id}`, (body: any) => body.job],
  [
    "the queue's listing",
    () => "/api/queues?activeQueue=cpu&status=latest&page=1&jobsPerPage=50",
    (body: any, id: string) => body.queues.find((queue: any) => queue.name === "cpu").jobs.find((job: any) => job.id === id),
  ],
])("%s shows a queued job's entry with its owner, type, Jobline status and payload", async (_where, path, entryIn) => {
  const id = await submit({ type: "demo.echo", payload: { message: "shown" } });

  const res = await board("get", path(id));

  expect(res.status).toBe(200);
  const { data } = entryIn(res.body, id);
  // The row's fields lead; whatever else the entry carries follows them.
  expect(Object.keys(data).slice(0, 5)).toEqual(["owner", "type", "status", "payload", "requestId"]);
  expect(data).toMatchObject({
    owner: "acme",
    type: "demo.echo",
    status: "queued",
    payload: { message: "shown" },
    requestId: expect.any(String),
  });
});

test("a dead letter shows its job's timeline and attempts, not its copy's", async () => {
  const id = await failedJob(h, h.tokens.writer, { message: "broke" });
  const history: DeadLetterData["attempts"] = [
    { attempt: 0, status: "queued", at: "2026-12-01T10:00:00.000Z" },
    { attempt: 1, status: "running", at: "2026-12-01T10:00:01.000Z" },
    { attempt: 1, status: "retrying", at: "2026-12-01T10:00:02.000Z", error: { name: "Error", message: "broke" } },
    { attempt: 2, status: "running", at: "2026-12-01T10:00:04.000Z" },
    { attempt: 2, status: "failed", at: "2026-12-01T10:00:05.000Z", error: { name: "Error", message: "broke" } },
  ];
  const letter: DeadLetterData = {
    type: "demo.sleep",
    payload: { ms: 1 },
    jobId: id,
    queue: "cpu",
    error: { name: "Error", message: "broke" },
    attempts: history,
    failedAt: "2026-12-01T10:00:05.000Z",
  };
  await h.queues.deadLetter.add("demo.sleep", letter, { jobId: id });

  const { job } = (await board("get", `/api/queues/dead-letter/${id}`)).body;

  expect(job).toMatchObject({
    id,
    timestamp: Date.parse("2026-12-01T10:00:00.000Z"),
    processedOn: Date.parse("2026-12-01T10:00:01.000Z"),
    finishedOn: Date.parse("2026-12-01T10:00:05.000Z"),
    attempts: 2,
  });
  expect(job.data).toMatchObject({ owner: "acme", type: "demo.sleep", status: "failed", jobId: id, queue: "cpu", attempts: history });
});

test("a failed entry's stack trace, as BullMQ kept it, is shown with its files relative to the project root", async () => {
  const id = randomUUID();
  await h.queues.work.gpu.add("demo.gpu-echo", { type: "demo.gpu-echo" }, { jobId: id });
  const connection = h.redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker(
    "gpu",
    async () => {
      const error = new Error("broke");
      error.stack = `Error: broke\n    at handler (${projectRoot}/apps/worker/dist/handlers/demo-gpu-echo.js:1:2)`;
      throw error;
    },
    { connection, prefix: h.prefix },
  );
  try {
    await waitFor(async () => (await h.queues.work.gpu.getJobState(id)) === "failed", "the entry to fail");
  } finally {
    await worker.close();
    connection.disconnect();
  }

  const { job } = (await board("get", `/api/queues/gpu/${id}`)).body;

  expect(job.stacktrace).toEqual(["Error: broke\n    at handler (apps/worker/dist/handlers/demo-gpu-echo.js:1:2)"]);
});

test("the page links nothing outside the API and forbids the browser to load from elsewhere", async () => {
  const res = await board("get", "/");

  expect(res.status).toBe(200);
  expect(res.text).not.toMatch(/(href|src)="https?:\/\//);
  expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
});

/**
 * `POST /v1/jobs/{id}/promote` in-process: a scheduled job runs now (runAt cleared), a retrying one skips its backoff;
 * owner-scoped like cancel, 409 for a job with no wait to cut short, audited for an admin. The dashboard's Promote,
 * the same operation, is in dashboard-actions.test.ts.
 */
import request from "supertest";
import { boardCredentials, startApiHarness, type ApiHarness } from "./support/api-harness";
import { callerAs } from "./support/caller";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const as = (token: string) => callerAs(h.app, token);
const later = () => new Date(Date.now() + 3_600_000).toISOString();

async function submit(body: object): Promise<string> {
  const res = await as(h.tokens.writer).post("/v1/jobs", body);
  expect(res.status).toBe(202);
  return res.body.id as string;
}

test("the owner's scheduled job answers 200 with the job, runAt cleared and still scheduled; its entry waits no more", async () => {
  const id = await submit({ type: "demo.echo", runAt: later() });

  const res = await as(h.tokens.writer).post(`/v1/jobs/${id}/promote`);

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id, status: "scheduled", runAt: null });
  expect(await h.queues.work.cpu.getJobState(id)).toMatch(/^(waiting|prioritized)$/);
  expect((await as(h.tokens.writer).get(`/v1/jobs/${id}`)).body).toMatchObject({ status: "scheduled", runAt: null });
});

test("a retrying job skips the rest of its backoff and answers as it is, retrying", async () => {
  const id = await submit({ type: "demo.echo", delayMs: 60_000 });
  await h.door.transition({ jobId: id }, { to: "running" });
  await h.door.transition({ jobId: id }, { to: "retrying", attempt: 1, error: { name: "Error", message: "first try failed", attempt: 1 } });

  const res = await as(h.tokens.writer).post(`/v1/jobs/${id}/promote`);

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id, status: "retrying" });
  expect(await h.queues.work.cpu.getJobState(id)).toMatch(/^(waiting|prioritized)$/);
});

test("a job with no wait to cut short is a 409 conflict naming its status", async () => {
  const id = await submit({ type: "demo.echo" });

  const res = await as(h.tokens.writer).post(`/v1/jobs/${id}/promote`);

  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ type: "/problems/conflict", detail: expect.stringContaining("queued") });
});

test("another owner's job, an unknown id and a malformed id answer 404; a read-only token 403; nothing moves", async () => {
  const id = await submit({ type: "demo.echo", runAt: later() });

  expect((await as(h.tokens.otherOwner).post(`/v1/jobs/${id}/promote`)).status).toBe(404);
  expect((await as(h.tokens.writer).post("/v1/jobs/00000000-0000-4000-8000-000000000000/promote")).status).toBe(404);
  expect((await as(h.tokens.writer).post("/v1/jobs/not-a-uuid/promote")).status).toBe(404);
  expect((await as(h.tokens.reader).post(`/v1/jobs/${id}/promote`)).status).toBe(403);
  expect((await h.prisma.job.findUniqueOrThrow({ where: { id } })).runAt).not.toBeNull();
});

test("an admin promotes any owner's job, and that is audited as job.promote; the owner's own is not", async () => {
  const own = await submit({ type: "demo.echo", runAt: later() });
  const byAdmin = await submit({ type: "demo.echo", runAt: later() });
  expect((await as(h.tokens.writer).post(`/v1/jobs/${own}/promote`)).status).toBe(200);

  const res = await as(h.tokens.admin).post(`/v1/jobs/${byAdmin}/promote`);

  expect(res.status).toBe(200);
  const { ownerId } = await h.prisma.job.findUniqueOrThrow({ where: { id: byAdmin } });
  const entries = (await as(h.tokens.admin).get("/v1/audit?action=job.promote")).body.data;
  expect(entries).toEqual([
    expect.objectContaining({
      target: byAdmin,
      detail: { ownerId, type: "demo.echo" },
      actor: expect.objectContaining({ label: expect.stringMatching(/^key /) }),
    }),
  ]);
});

test("the dashboard's Promote still works, through the same operation", async () => {
  const id = await submit({ type: "demo.echo", runAt: later() });
  const board = (path: string) => request(h.app).put(`/admin/queues${path}`).auth(boardCredentials.username, boardCredentials.password);

  expect((await board(`/api/queues/cpu/${id}/promote`)).status).toBe(204);
  expect((await as(h.tokens.writer).get(`/v1/jobs/${id}`)).body).toMatchObject({ status: "scheduled", runAt: null });
});

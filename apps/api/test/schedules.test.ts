/** The schedules routes in-process, on a fresh database and queue prefix: validation, ownership, and the schedulers they keep. */
import { limits, ScheduleResourceSchema } from "@jobline/contract";
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

let names = 0;
const uniqueName = () => `nightly-${++names}`;
const as = (token: string) => ({
  post: (body: unknown) =>
    request(h.app)
      .post("/v1/schedules")
      .set("Authorization", `Bearer ${token}`)
      .send(body as object),
  get: (path = "") => request(h.app).get(`/v1/schedules${path}`).set("Authorization", `Bearer ${token}`),
  patch: (id: string, body: unknown) =>
    request(h.app)
      .patch(`/v1/schedules/${id}`)
      .set("Authorization", `Bearer ${token}`)
      .send(body as object),
  delete: (id: string) => request(h.app).delete(`/v1/schedules/${id}`).set("Authorization", `Bearer ${token}`),
});
const everyMinute = (extra: object = {}) => ({
  name: uniqueName(),
  type: "demo.echo",
  payload: { hello: "world" },
  cron: "* * * * *",
  ...extra,
});

test("POST /v1/schedules answers 201 with the schedule, its Location and its next run; the scheduler is installed", async () => {
  const before = Date.now();
  const res = await as(h.tokens.writer).post(everyMinute({ timezone: "Europe/Paris", overlap: "skip" }));

  expect(res.status).toBe(201);
  expect(res.headers.location).toBe(`/v1/schedules/${res.body.id}`);
  const schedule = ScheduleResourceSchema.parse(res.body);
  expect(schedule).toMatchObject({
    cron: "* * * * *",
    everyMs: null,
    timezone: "Europe/Paris",
    overlap: "skip",
    paused: false,
    lastRunAt: null,
    lastJobId: null,
  });
  const next = new Date(schedule.nextRunAt!).getTime();
  expect(next).toBeGreaterThan(before);
  expect(next % 60_000).toBe(0);
  const scheduler = await h.queues.schedules.getJobScheduler(schedule.id);
  expect(scheduler).toMatchObject({ pattern: "* * * * *", tz: "Europe/Paris", next });
});

test("an everyMs schedule's first run is due at once", async () => {
  const before = Date.now();
  const res = await as(h.tokens.writer).post({ name: uniqueName(), type: "demo.echo", everyMs: 60_000 });

  expect(res.status).toBe(201);
  expect(new Date(res.body.nextRunAt).getTime()).toBeGreaterThanOrEqual(before - 1);
  expect(await h.queues.schedules.getJobScheduler(res.body.id)).toMatchObject({ every: 60_000 });
});

test.each([
  ["a bad cron expression", { cron: "every day at noon" }, "cron"],
  ["an unknown time zone", { timezone: "Mars/Olympus" }, "timezone"],
  ["a payload that fails the type's schema", { type: "demo.sleep", payload: { ms: "long" } }, "payload.ms"],
  ["an unknown type", { type: "no.such-type" }, "type"],
  ["both cron and everyMs", { everyMs: 5000 }, "cron"],
  ["an interval under a second", { cron: undefined, everyMs: 10 }, "everyMs"],
])("%s answers 422 naming the path", async (_what, change, path) => {
  const res = await as(h.tokens.writer).post(everyMinute(change));

  expect(res.status).toBe(422);
  expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
});

test("a payload past the per-job limit answers 413, as a job's does, on create and on change", async () => {
  const blob = { blob: "x".repeat(limits.maxPayloadBytes) };

  const created = await as(h.tokens.writer).post(everyMinute({ payload: blob }));
  expect(created.status).toBe(413);
  expect(created.body).toMatchObject({ type: "/problems/payload-too-large", detail: expect.stringContaining("payload") });

  const { body: schedule } = await as(h.tokens.writer).post(everyMinute());
  expect((await as(h.tokens.writer).patch(schedule.id, { payload: blob })).status).toBe(413);
});

test("neither cron nor everyMs answers 422", async () => {
  const res = await as(h.tokens.writer).post({ name: uniqueName(), type: "demo.echo" });

  expect(res.status).toBe(422);
});

test("a name the owner already uses answers 409; another owner may use it", async () => {
  const body = everyMinute();
  expect((await as(h.tokens.writer).post(body)).status).toBe(201);

  const again = await as(h.tokens.writer).post(body);
  expect(again.status).toBe(409);
  expect(again.body.type).toBe("/problems/conflict");
  expect((await as(h.tokens.otherOwner).post(body)).status).toBe(201);
});

test("another owner's schedule answers 404 to GET, PATCH and DELETE, like an unknown id", async () => {
  const { body: mine } = await as(h.tokens.writer).post(everyMinute());
  const other = as(h.tokens.otherOwner);

  expect((await other.get(`/${mine.id}`)).status).toBe(404);
  expect((await other.patch(mine.id, { paused: true })).status).toBe(404);
  expect((await other.delete(mine.id)).status).toBe(404);
  expect((await other.get("/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  expect((await as(h.tokens.writer).get(`/${mine.id}`)).body.paused).toBe(false);
});

test("an owner lists only its own schedules; an admin lists everyone's", async () => {
  const { body: mine } = await as(h.tokens.writer).post(everyMinute());
  const { body: theirs } = await as(h.tokens.otherOwner).post(everyMinute());

  const own = (await as(h.tokens.reader).get("?limit=100")).body.data.map((s: { id: string }) => s.id);
  expect(own).toContain(mine.id);
  expect(own).not.toContain(theirs.id);
  const all = (await as(h.tokens.admin).get("?limit=100")).body.data.map((s: { id: string }) => s.id);
  expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
});

test("the list pages newest first with an opaque cursor", async () => {
  const token = (await h.createToken("pager", ["jobs:read", "jobs:write"])).token;
  const created: string[] = [];
  for (let i = 0; i < 3; i++) created.push((await as(token).post(everyMinute())).body.id);

  const first = await as(token).get("?limit=2");
  const second = await as(token).get(`?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);

  expect([...first.body.data, ...second.body.data].map((s: { id: string }) => s.id)).toEqual(created.reverse());
  expect(second.body.nextCursor).toBeNull();
  expect((await as(token).get("?cursor=nonsense")).status).toBe(422);
});

test("pausing removes the scheduler and clears nextRunAt; resuming installs it again", async () => {
  const { body: created } = await as(h.tokens.writer).post(everyMinute());

  const paused = await as(h.tokens.writer).patch(created.id, { paused: true });
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ paused: true, nextRunAt: null });
  expect(await h.queues.schedules.getJobScheduler(created.id)).toBeUndefined();

  const resumed = await as(h.tokens.writer).patch(created.id, { paused: false });
  expect(resumed.body.paused).toBe(false);
  expect(resumed.body.nextRunAt).not.toBeNull();
  expect(await h.queues.schedules.getJobScheduler(created.id)).toMatchObject({ pattern: "* * * * *" });
});

test("PATCH everyMs replaces cron, in the row and in the scheduler", async () => {
  const { body: created } = await as(h.tokens.writer).post(everyMinute());

  const res = await as(h.tokens.writer).patch(created.id, { everyMs: 5000, payload: { changed: true } });

  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ cron: null, everyMs: 5000, payload: { changed: true } });
  expect(await h.queues.schedules.getJobScheduler(created.id)).toMatchObject({ every: 5000 });
});

test("PATCH checks a new payload against the schedule's type and a new cron expression", async () => {
  const { body: created } = await as(h.tokens.writer).post(everyMinute({ type: "demo.sleep", payload: { ms: 1 } }));

  expect((await as(h.tokens.writer).patch(created.id, { payload: { ms: -1 } })).body.errors[0].path).toBe("payload.ms");
  expect((await as(h.tokens.writer).patch(created.id, { cron: "61 * * * *" })).status).toBe(422);
  expect((await as(h.tokens.writer).patch(created.id, {})).status).toBe(422);
});

const neverRuns = ["0 0 31 2,4 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 0 31 2,4 *"];

test.each(neverRuns)("a cron that never runs (%s) answers 422 naming cron, on create and on change", async (cron) => {
  const created = await as(h.tokens.writer).post(everyMinute({ cron }));
  expect(created.status).toBe(422);
  expect(created.body.errors.map((e: { path: string }) => e.path)).toContain("cron");

  const { body: schedule } = await as(h.tokens.writer).post(everyMinute());
  const changed = await as(h.tokens.writer).patch(schedule.id, { cron });
  expect(changed.status).toBe(422);
  expect(changed.body.errors.map((e: { path: string }) => e.path)).toContain("cron");
});

test("resuming a schedule whose stored cron never runs answers 422 naming cron", async () => {
  const { body: schedule } = await as(h.tokens.writer).post(everyMinute({ paused: true }));
  await h.prisma.schedule.update({ where: { id: schedule.id }, data: { cron: "0 0 31 2,4 *" } });

  const res = await as(h.tokens.writer).patch(schedule.id, { paused: false });

  expect(res.status).toBe(422);
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain("cron");
});

test("/healthz answers while four crons that never run are refused at once", async () => {
  const [health, ...refusals] = await Promise.all([
    request(h.app).get("/healthz"),
    ...neverRuns.map((cron) => as(h.tokens.writer).post(everyMinute({ cron }))),
  ]);

  expect(health.status).toBe(200);
  expect(refusals.map((res) => res.status)).toEqual([422, 422, 422, 422]);
});

test("DELETE answers 204 and removes the scheduler; the schedule is gone", async () => {
  const { body: created } = await as(h.tokens.writer).post(everyMinute());

  expect((await as(h.tokens.writer).delete(created.id)).status).toBe(204);
  expect((await as(h.tokens.writer).get(`/${created.id}`)).status).toBe(404);
  expect(await h.queues.schedules.getJobScheduler(created.id)).toBeUndefined();
});

test("a reader cannot create a schedule (403)", async () => {
  expect((await as(h.tokens.reader).post(everyMinute())).status).toBe(403);
});

test("when Redis does not take the scheduler, the row is kept and the answer is still 201", async () => {
  const { createJobQueues, createRedisConnection } = await import("@jobline/queues");
  const down = createRedisConnection("redis://127.0.0.1:1", { blocking: false });
  down.on("error", () => undefined);
  const queues = createJobQueues(down, h.queues.prefix);
  try {
    const res = await request(h.variant({ queues }))
      .post("/v1/schedules")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .send(everyMinute());

    expect(res.status).toBe(201);
    expect(await h.prisma.schedule.findUnique({ where: { id: res.body.id } })).not.toBeNull();
    expect(await h.queues.schedules.getJobScheduler(res.body.id)).toBeUndefined();
  } finally {
    await queues.close();
    down.disconnect();
  }
});

/**
 * Schedules with real processes: the built API and worker against a fresh database and queue prefix. A schedule's
 * runs are ordinary jobs with `scheduleId`, its scheduler comes back after Redis loses it, `overlap: "skip"` holds
 * back runs while one is unfinished, pausing stops the runs, and an owner at its cap on unfinished jobs gets no runs.
 */
import { JobPageSchema, ScheduleResourceSchema, type JobResource, type ScheduleResource } from "@jobline/contract";
import { createApiKey } from "@jobline/db";
import { deleteQueuePrefix, startStack, waitFor, type Stack } from "@jobline/testing";

let stack: Stack;

beforeAll(async () => {
  // A short restore interval, so a lost scheduler is back within the test's patience.
  stack = await startStack({ apis: 1, workers: 1, owner: "scheduler", workerEnv: { SCHEDULE_RESTORE_INTERVAL_MS: "500" } });
}, 90_000);
afterAll(() => stack?.teardown(), 60_000);

async function call(method: string, path: string, body?: unknown, token = stack.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.baseUrl()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function createSchedule(body: object): Promise<ScheduleResource> {
  const res = await call("POST", "/v1/schedules", body);
  expect(res.status).toBe(201);
  return ScheduleResourceSchema.parse(res.body);
}

/** The schedule's runs, newest first, through the public list filter. */
async function runsOf(scheduleId: string, token = stack.token): Promise<JobResource[]> {
  const res = await call("GET", `/v1/jobs?scheduleId=${scheduleId}&limit=100`, undefined, token);
  expect(res.status).toBe(200);
  return JobPageSchema.parse(res.body).data;
}

const waitForRuns = (scheduleId: string, done: (runs: JobResource[]) => boolean, what: string, timeoutMs = 20_000) =>
  waitFor(
    async () => {
      const runs = await runsOf(scheduleId);
      return done(runs) ? runs : undefined;
    },
    what,
    timeoutMs,
    200,
  );

test("an everyMs schedule fires every interval; each run is an ordinary job with scheduleId that runs to completion", async () => {
  const schedule = await createSchedule({
    name: "echo-every-second",
    type: "demo.echo",
    payload: { from: "schedule" },
    everyMs: 1000,
    metadata: { team: "ops" },
  });

  const runs = await waitForRuns(schedule.id, (runs) => runs.filter((run) => run.status === "completed").length >= 2, "two completed runs");

  for (const run of runs)
    expect(run).toMatchObject({ type: "demo.echo", scheduleId: schedule.id, payload: { from: "schedule" }, metadata: { team: "ops" } });
  const completed = runs.filter((run) => run.status === "completed");
  expect(completed[0]!.result).toEqual({ from: "schedule" });
  const [newer, older] = [new Date(runs[0]!.createdAt).getTime(), new Date(runs[1]!.createdAt).getTime()];
  // Due a second apart: not a burst of duplicates.
  expect(newer - older).toBeGreaterThanOrEqual(500);
  const after = ScheduleResourceSchema.parse((await call("GET", `/v1/schedules/${schedule.id}`)).body);
  expect(after.lastRunAt).not.toBeNull();
  expect(runs.map((run) => run.id)).toContain(after.lastJobId);
  expect(new Date(after.nextRunAt!).getTime()).toBeGreaterThan(new Date(after.lastRunAt!).getTime());
  await call("DELETE", `/v1/schedules/${schedule.id}`);
}, 30_000);

test("after the deployment's Redis keys are deleted, the schedule is restored and fires again", async () => {
  const schedule = await createSchedule({ name: "survives-redis-loss", type: "demo.echo", everyMs: 1000 });
  await waitForRuns(schedule.id, (runs) => runs.length >= 1, "a first run");

  await deleteQueuePrefix(stack.prefix, stack.redisUrl);
  const lostAt = Date.now();

  // Usually the restorer's next pass finds the scheduler gone; when the keys went while a fire was being taken, the
  // scheduler is back without its next fire, and the restorer repairs it once that fire is 10 s overdue.
  await waitForRuns(
    schedule.id,
    (runs) => runs.some((run) => new Date(run.createdAt).getTime() > lostAt && run.status === "completed"),
    "a completed run created after the keys were deleted",
    40_000,
  );
  await call("DELETE", `/v1/schedules/${schedule.id}`);
}, 60_000);

test('overlap "skip" makes no run while the previous run is unfinished', async () => {
  const schedule = await createSchedule({ name: "slow-skip", type: "demo.sleep", payload: { ms: 3000 }, everyMs: 1000, overlap: "skip" });

  const finished = await waitForRuns(schedule.id, (runs) => runs.some((run) => run.status === "completed"), "the first run to finish");
  const first = finished.find((run) => run.status === "completed")!;
  const firstFinishedAt = new Date(first.finishedAt!).getTime();
  const runs = await runsOf(schedule.id);

  // Every fire while the first run slept (about three) was skipped: nothing else was created before it finished.
  expect(runs.filter((run) => new Date(run.createdAt).getTime() < firstFinishedAt)).toHaveLength(1);
  await waitForRuns(schedule.id, (runs) => runs.length >= 2, "a run after the first finished");
  await call("DELETE", `/v1/schedules/${schedule.id}`);
}, 30_000);

test("a paused schedule makes no runs; resumed, it runs again", async () => {
  const schedule = await createSchedule({ name: "pausable", type: "demo.echo", everyMs: 1000 });
  await waitForRuns(schedule.id, (runs) => runs.length >= 1, "a first run");

  expect((await call("PATCH", `/v1/schedules/${schedule.id}`, { paused: true })).body.paused).toBe(true);
  const pausedAt = Date.now();
  // Absence has no event to await: give it well over two intervals (and a restorer pass) to misbehave.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const whilePaused = (await runsOf(schedule.id)).filter((run) => new Date(run.createdAt).getTime() > pausedAt + 100);
  expect(whilePaused).toHaveLength(0);

  const resumedAt = Date.now();
  expect((await call("PATCH", `/v1/schedules/${schedule.id}`, { paused: false })).status).toBe(200);
  await waitForRuns(schedule.id, (runs) => runs.some((run) => new Date(run.createdAt).getTime() >= resumedAt), "a run after resuming");
  await call("DELETE", `/v1/schedules/${schedule.id}`);
}, 30_000);

test("an owner at its cap on unfinished jobs gets no runs: each fire is recorded as skipped; below the cap, runs resume", async () => {
  const admin = (await createApiKey(stack.prisma, { owner: "ops", scopes: ["admin"] })).token;
  const created = await call("POST", "/v1/tokens", { owner: "full-owner", scopes: ["jobs:read", "jobs:write"] }, admin);
  const { token, owner } = created.body as { token: string; owner: { id: string } };
  expect((await call("PATCH", `/v1/owners/${owner.id}`, { maxUnfinishedJobs: 0 }, admin)).status).toBe(200);
  const res = await call("POST", "/v1/schedules", { name: "capped", type: "demo.echo", everyMs: 1000 }, token);
  expect(res.status).toBe(201);
  const id = ScheduleResourceSchema.parse(res.body).id;

  const skipped = await waitFor(
    async () => {
      const schedule = ScheduleResourceSchema.parse((await call("GET", `/v1/schedules/${id}`, undefined, token)).body);
      return schedule.lastSkip !== null && new Date(schedule.nextRunAt!) > new Date(schedule.lastSkip.at) ? schedule : undefined;
    },
    "a fire recorded as skipped, the next one due after it",
    20_000,
    200,
  );
  expect(skipped.lastSkip!.reason).toBe("owner-unfinished-jobs-cap");
  expect(skipped.lastRunAt).toBeNull();
  expect(await runsOf(id, token)).toHaveLength(0);
  const listed = (await call("GET", "/v1/schedules", undefined, token)).body.data as ScheduleResource[];
  expect(listed.find((schedule) => schedule.id === id)?.lastSkip).toEqual(skipped.lastSkip);

  expect((await call("PATCH", `/v1/owners/${owner.id}`, { maxUnfinishedJobs: null }, admin)).status).toBe(200);
  await waitFor(async () => (await runsOf(id, token)).length > 0, "a run once the owner had room again", 20_000, 200);
  await call("DELETE", `/v1/schedules/${id}`, undefined, token);
}, 60_000);

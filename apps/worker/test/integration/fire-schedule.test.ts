/**
 * A schedule's fires (the engine's `fireSchedule`, as the schedule runner takes them) driven directly, on a fresh
 * database and queue prefix: fires of one schedule taken at the same time take turns, so `overlap: "skip"` holds; a
 * fire counts against its owner's cap on unfinished jobs, and one the cap refuses is recorded as skipped.
 */
import { jobCatalogue } from "@jobline/contract";
import { createOwnersUnfinishedJobsCap, fireSchedule, type FireDeps } from "@jobline/engine";
import { defaultRetention } from "@jobline/queues";
import { waitFor } from "@jobline/testing";
import { randomUUID } from "node:crypto";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";

let env: TestEnvironment;
let deps: FireDeps;

beforeAll(async () => {
  env = await createTestEnvironment();
  deps = {
    prisma: env.prisma,
    door: env.door,
    queues: env.queues,
    catalogue: jobCatalogue({ demoJobs: true }),
    retention: defaultRetention,
    cap: createOwnersUnfinishedJobsCap({ redis: env.redis, pool: env.pool, queuePrefix: env.prefix, onRedisError: () => undefined }),
    maxUnfinishedJobsPerOwner: 100,
  };
});
afterAll(() => env?.teardown());

async function createSchedule(overlap: "skip" | "allow", owner: { maxUnfinishedJobs?: number } = {}) {
  const { id: ownerId } = await env.prisma.owner.create({
    data: { name: `scheduler-${randomUUID()}`, webhookSecret: "test-secret", ...owner },
  });
  return env.prisma.schedule.create({
    data: {
      id: randomUUID(),
      ownerId,
      name: "every-second",
      type: "demo.sleep",
      payload: { ms: 60_000 },
      everyMs: 1000,
      overlap,
    },
  });
}

const runsOf = (scheduleId: string) => env.prisma.job.findMany({ where: { scheduleId }, select: { id: true } });

test('two fires of one "skip" schedule taken at the same time make one run', async () => {
  const schedule = await createSchedule("skip");
  const dueAt = Date.now();

  const outcomes = await Promise.all([
    fireSchedule(deps, schedule.id, new Date(dueAt)),
    fireSchedule(deps, schedule.id, new Date(dueAt + 1000)),
  ]);

  expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(["created", "skipped"]);
  expect(await runsOf(schedule.id)).toHaveLength(1);
});

test("a fire taken again after its run was made but not recorded records that run", async () => {
  const schedule = await createSchedule("allow");
  const dueAt = new Date();
  const first = await fireSchedule(deps, schedule.id, dueAt);
  // As if the first try failed after its run was committed and enqueued, before the schedule was updated.
  await env.prisma.schedule.update({ where: { id: schedule.id }, data: { lastRunAt: null, lastJobId: null, nextRunAt: null } });

  const again = await fireSchedule(deps, schedule.id, dueAt);

  expect(again).toEqual({ kind: "repeated" });
  expect(first).toMatchObject({ kind: "created" });
  expect(await env.prisma.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
    lastJobId: (first as { jobId: string }).jobId,
    lastRunAt: dueAt,
    nextRunAt: new Date(dueAt.getTime() + 1000),
  });
  expect(await runsOf(schedule.id)).toHaveLength(1);
});

test("a fire whose owner is at its cap on unfinished jobs makes no job, records the skip and still moves the next run on", async () => {
  const schedule = await createSchedule("allow", { maxUnfinishedJobs: 0 });
  const dueAt = new Date();

  const outcome = await fireSchedule(deps, schedule.id, dueAt);

  expect(outcome).toEqual({ kind: "skipped", reason: "owner-unfinished-jobs-cap" });
  expect(await runsOf(schedule.id)).toHaveLength(0);
  expect(await env.prisma.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
    lastSkippedAt: dueAt,
    lastSkipReason: "owner-unfinished-jobs-cap",
    lastRunAt: null,
    nextRunAt: new Date(dueAt.getTime() + 1000),
  });
});

test("the deployment's cap applies to an owner without its own", async () => {
  const schedule = await createSchedule("allow");
  const capped = { ...deps, maxUnfinishedJobsPerOwner: 0 };

  expect(await fireSchedule(capped, schedule.id, new Date())).toEqual({ kind: "skipped", reason: "owner-unfinished-jobs-cap" });
  expect(await runsOf(schedule.id)).toHaveLength(0);
});

test("runs resume once the owner is below its cap again", async () => {
  const schedule = await createSchedule("allow", { maxUnfinishedJobs: 1 });
  let dueAt = Date.now();
  const first = await fireSchedule(deps, schedule.id, new Date(dueAt));
  expect(first).toMatchObject({ kind: "created" });
  expect(await fireSchedule(deps, schedule.id, new Date((dueAt += 1000)))).toEqual({
    kind: "skipped",
    reason: "owner-unfinished-jobs-cap",
  });

  await env.door.transition({ jobId: (first as { jobId: string }).jobId }, { to: "cancelled", reason: "finished by the test" });

  // The cap's count comes back from the rows within its resync window: each fire until then is skipped.
  const resumed = await waitFor(
    async () => {
      const outcome = await fireSchedule(deps, schedule.id, new Date((dueAt += 1000)));
      return outcome.kind === "created" ? outcome : undefined;
    },
    "a run once the first was finished",
    10_000,
    100,
  );
  expect(await runsOf(schedule.id)).toHaveLength(2);
  expect(await env.prisma.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
    lastJobId: resumed.jobId,
    lastSkipReason: "owner-unfinished-jobs-cap",
  });
});

test('a fire skipped by overlap "skip" records why', async () => {
  const schedule = await createSchedule("skip");
  const dueAt = Date.now();
  await fireSchedule(deps, schedule.id, new Date(dueAt));

  const outcome = await fireSchedule(deps, schedule.id, new Date(dueAt + 1000));

  expect(outcome).toMatchObject({ kind: "skipped", reason: "previous-run-unfinished" });
  expect(await env.prisma.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
    lastSkippedAt: new Date(dueAt + 1000),
    lastSkipReason: "previous-run-unfinished",
  });
});

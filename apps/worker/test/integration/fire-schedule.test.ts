/**
 * A schedule's fires (the engine's `fireSchedule`, as the schedule runner takes them) driven directly, on a fresh
 * database and queue prefix: fires of one schedule taken at the same time take turns, so `overlap: "skip"` holds.
 */
import { jobCatalogue } from "@jobline/contract";
import { fireSchedule, type FireDeps } from "@jobline/engine";
import { defaultRetention } from "@jobline/queues";
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
  };
});
afterAll(() => env?.teardown());

async function createSchedule(overlap: "skip" | "allow") {
  const owner = await env.prisma.owner.create({ data: { name: `scheduler-${randomUUID()}`, webhookSecret: "test-secret" } });
  return env.prisma.schedule.create({
    data: {
      id: randomUUID(),
      ownerId: owner.id,
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

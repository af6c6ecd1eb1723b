/**
 * A schedule's fires driven directly, on a fresh database and queue prefix: fires of one schedule taken at the same
 * time take turns, so `overlap: "skip"` holds.
 */
import { jobCatalogue } from "@jobline/jobs";
import { defaultRetention } from "@jobline/queues";
import { randomUUID } from "node:crypto";
import { fireSchedule, type FireDeps } from "../../src/schedules/fire-schedule";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";

let env: TestEnvironment;
let deps: FireDeps;

beforeAll(async () => {
  env = await createTestEnvironment();
  deps = { prisma: env.prisma, door: env.door, queues: env.queues, catalogue: jobCatalogue({ demoJobs: true }), retention: defaultRetention };
});
afterAll(() => env?.teardown());

async function createSchedule(overlap: "skip" | "allow") {
  const owner = await env.prisma.owner.create({ data: { name: `scheduler-${randomUUID()}`, webhookSecret: "test-secret" } });
  return env.prisma.schedule.create({
    data: { id: randomUUID(), ownerId: owner.id, name: "every-second", type: "demo.sleep", payload: { ms: 60_000 }, everyMs: 1000, overlap },
  });
}

const runsOf = (scheduleId: string) => env.prisma.job.findMany({ where: { scheduleId }, select: { id: true } });

test('two fires of one "skip" schedule taken at the same time make one run', async () => {
  const schedule = await createSchedule("skip");
  const dueAt = Date.now();

  const outcomes = await Promise.all([fireSchedule(deps, schedule.id, new Date(dueAt)), fireSchedule(deps, schedule.id, new Date(dueAt + 1000))]);

  expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(["created", "skipped"]);
  expect(await runsOf(schedule.id)).toHaveLength(1);
});

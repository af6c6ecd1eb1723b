/** The schedule restorer on a fresh database and queue prefix: what it installs again, and what it leaves alone. */
import { randomUUID } from "node:crypto";
import { installSchedule } from "@jobline/queues";
import { testRedisUrl } from "@jobline/testing";
import { Redis } from "ioredis";
import { pino } from "pino";
import { overdueAfterMs, restoreSchedulesOnce, type RestorerDeps } from "../../src/schedules/schedule-restorer";
import { createTestEnvironment, type TestEnvironment } from "../support/environment";

let env: TestEnvironment;
let deps: RestorerDeps;

beforeAll(async () => {
  env = await createTestEnvironment();
  deps = { prisma: env.prisma, schedules: env.queues.schedules, logger: pino({ level: "silent" }) };
});
afterAll(() => env?.teardown());

async function installedSchedule() {
  const owner = await env.prisma.owner.create({ data: { name: `restorer-${randomUUID()}`, webhookSecret: "test-secret" } });
  const schedule = await env.prisma.schedule.create({
    data: { id: randomUUID(), ownerId: owner.id, name: "every-minute", type: "demo.echo", payload: {}, everyMs: 60_000 },
  });
  await installSchedule(env.queues.schedules, schedule);
  return schedule;
}

const nextFires = async (scheduleId: string) =>
  (await env.queues.schedules.getJobs(["waiting", "delayed", "prioritized"])).filter((job) => job.data.scheduleId === scheduleId);

test("leaves a scheduler alone whose next fire is waiting", async () => {
  const schedule = await installedSchedule();
  expect(await nextFires(schedule.id)).toHaveLength(1);

  expect(await restoreSchedulesOnce(deps)).toEqual({ installed: 0, removed: 0 });
  await env.queues.schedules.removeJobScheduler(schedule.id);
  await env.prisma.schedule.delete({ where: { id: schedule.id } });
});

test("installs again a scheduler whose next fire is long overdue (its entry went with Redis's keys)", async () => {
  const schedule = await installedSchedule();
  const [fire] = await nextFires(schedule.id);
  // As when Redis's keys go while a fire is being taken: the scheduler is written again, its fire's entry is not.
  const client = new Redis(testRedisUrl);
  const key = (name: string) => `${env.prefix}:schedules:${name}`;
  await client.del(key(fire!.id!));
  await client.lrem(key("wait"), 0, fire!.id!);
  await client.zrem(key("delayed"), fire!.id!);
  await client.zrem(key("prioritized"), fire!.id!);
  client.disconnect();
  expect(await nextFires(schedule.id)).toHaveLength(0);
  const scheduler = await env.queues.schedules.getJobScheduler(schedule.id);

  const report = await restoreSchedulesOnce(deps, () => scheduler!.next! + overdueAfterMs + 1);

  expect(report).toEqual({ installed: 1, removed: 0 });
  expect(await nextFires(schedule.id)).toHaveLength(1);
  await env.queues.schedules.removeJobScheduler(schedule.id);
  await env.prisma.schedule.delete({ where: { id: schedule.id } });
});

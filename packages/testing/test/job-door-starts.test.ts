/**
 * The door and an attempt's start: the worker's pickup read (`runnable`), a start written late with the attempt's real
 * start time, a completion that carries its unwritten start, and ids the door refuses without failing their neighbours.
 */
import { randomUUID } from "node:crypto";
import { allowedFrom } from "@jobline/db";
import { jobStatuses } from "@jobline/contract";
import { doorWorld } from "./door-world";

const world = doorWorld();
const { announced, created, jobIn, snapshot } = world;

test("a start written late is announced at the attempt's real start time, as its timeline event is dated", async () => {
  const jobId = await created();
  const startedAt = new Date(Date.now() - 100);
  await world.door.transition({ jobId }, { to: "running", startedAt });

  expect(announced.filter((c) => c.jobId === jobId).at(-1)).toMatchObject({ status: "running", at: startedAt });
});

test("a completion whose start was never written records both, at their own times, in one write", async () => {
  const jobId = await created();
  const startedAt = new Date(Date.now() - 5);
  const done = await world.door.transition({ jobId }, { to: "completed", attempt: 1, result: { quick: true }, startedAt });

  expect(done).toMatchObject({ status: "completed", attempts: 1, startedAt });
  expect(done!.seqs).toHaveLength(2);
  const { row, events } = await snapshot(jobId);
  expect(row.result).toEqual({ quick: true });
  expect(events.map((e) => [e.status, e.attempt])).toEqual([
    ["queued", 0],
    ["running", 1],
    ["completed", 1],
  ]);
  expect(events[1]!.createdAt).toEqual(startedAt);
  expect(announced.filter((c) => c.jobId === jobId).map((c) => [c.event, c.status, c.seq])).toEqual([
    ["created", "queued", String(events[0]!.id)],
    ["status", "running", String(events[1]!.id)],
    ["status", "completed", String(events[2]!.id)],
  ]);
});

test("a start-and-completion of a job cancelled meanwhile changes nothing", async () => {
  const jobId = await jobIn("cancelled");
  const before = await snapshot(jobId);
  expect(await world.door.transition({ jobId }, { to: "completed", attempt: 1, result: 1, startedAt: new Date() })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
});

test("runnable reads a job with its payload exactly when its status allows a start", async () => {
  for (const status of jobStatuses) {
    const jobId = await jobIn(status);
    const runnable = await world.door.runnable(jobId);
    if (allowedFrom.running.includes(status)) expect(runnable).toMatchObject({ id: jobId, status, payload: { n: 1 } });
    else expect(runnable).toBeNull();
  }
  expect(await world.door.runnable(randomUUID())).toBeNull();
});

test("a start written late keeps the attempt's real start time", async () => {
  const jobId = await created();
  const startedAt = new Date(Date.now() - 100);
  expect(await world.door.transition({ jobId }, { to: "running", startedAt })).toMatchObject({ startedAt, attempts: 1 });
  expect((await snapshot(jobId)).events.at(-1)!.createdAt).toEqual(startedAt);
});

test("a job named in upper case moves and is answered like any other", async () => {
  const jobId = await created();
  expect(await world.door.transition({ jobId: jobId.toUpperCase() }, { to: "cancelled", reason: "shouting" })).toMatchObject({
    id: jobId,
    status: "cancelled",
  });
});

test("an id that is not a job's (an entry made outside Jobline) reads and moves nothing, and fails none of its neighbours", async () => {
  const jobId = await created();
  const [foreign, ours] = await Promise.all([world.door.runnable("7"), world.door.runnable(jobId)]);
  expect(foreign).toBeNull();
  expect(ours).toMatchObject({ id: jobId });
  expect(await world.door.transition({ jobId: "7" }, { to: "running" })).toBeNull();
});

test("a late start refuses a row that moved since it was read, even back to a status a start may come from", async () => {
  const jobId = await created();
  const read = (await world.door.runnable(jobId))!;
  await world.door.transition({ jobId }, { to: "cancelled", reason: "client asked" });
  await world.door.transition({ jobId }, { to: "queued" });

  expect(await world.door.transition({ jobId }, { to: "running", startedAt: new Date(), ifUnmovedSince: read.updatedAt })).toBeNull();
  const quick = {
    to: "completed" as const,
    attempt: 1,
    result: "from before the cancel",
    startedAt: new Date(),
    ifUnmovedSince: read.updatedAt,
  };
  expect(await world.door.transition({ jobId }, quick)).toBeNull();
  expect((await snapshot(jobId)).row).toMatchObject({ status: "queued", attempts: 0, result: null });
  // Unmoved, the same late start goes through.
  const fresh = (await world.door.runnable(jobId))!;
  expect(await world.door.transition({ jobId }, { to: "running", startedAt: new Date(), ifUnmovedSince: fresh.updatedAt })).toMatchObject({
    status: "running",
  });
});

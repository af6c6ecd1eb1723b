/**
 * The one door for every change of a job (packages/db job-door.ts): creation, transitions and progress are
 * set-based conditional writes; allowed moves write the row and append an event, anything else (wrong status,
 * wrong owner, a lost race) changes nothing; every committed change is announced once, in sequence order.
 */
import { randomUUID } from "node:crypto";
import { allowedFrom, type Transition } from "@jobline/db";
import { jobStatuses } from "@jobline/contract";
import { doorWorld, failure } from "./door-world";
import { withClient } from "./support";

const world = doorWorld();
const { announced, created, move, jobIn, snapshot } = world;

const samples: Record<Transition["to"], Transition> = {
  running: { to: "running" },
  retrying: { to: "retrying", attempt: 1, error: failure(1) },
  completed: { to: "completed", attempt: 1, result: { ok: true } },
  failed: { to: "failed", attempt: 1, error: failure(1), fingerprint: "fingerprint" },
  cancelled: { to: "cancelled", reason: "user asked" },
  queued: { to: "queued" },
  scheduled: { to: "scheduled", runAt: null },
};
const cases = jobStatuses.flatMap((from) => Object.values(samples).map((t) => [from, t.to, t] as const));

test.each(cases)("from %s, a move to %s happens exactly when allowedFrom says so", async (from, to, transition) => {
  const jobId = await jobIn(from);
  const before = await snapshot(jobId);
  const moved = await world.door.transition({ jobId }, transition);
  const after = await snapshot(jobId);
  if (allowedFrom[to].includes(from)) {
    expect(moved).toMatchObject({ id: jobId, status: to });
    expect(after.row.status).toBe(to);
    expect(after.events.slice(before.events.length)).toEqual([expect.objectContaining({ status: to })]);
  } else {
    expect(moved).toBeNull();
    expect(after).toEqual(before);
  }
});

test("a promoted scheduled job stays scheduled with its runAt cleared and its attempts kept, and the timeline says it was promoted", async () => {
  const jobId = await jobIn("scheduled");

  const promoted = await world.door.transition({ jobId }, { to: "scheduled", runAt: null });

  expect(promoted).toMatchObject({ status: "scheduled", runAt: null, attempts: 0 });
  const { events } = await snapshot(jobId);
  expect(events.at(-1)).toMatchObject({ status: "scheduled", detail: { promoted: true } });
});

test("a job's life reads queued, running, retrying, running, completed, with attempts, results and errors where they belong", async () => {
  const jobId = await created();
  await world.door.transition({ jobId, ownerId: world.ownerId }, { to: "running" });
  await world.door.transition({ jobId }, { to: "retrying", attempt: 1, error: failure(1) });
  await world.door.transition({ jobId }, { to: "running" });
  const done = await world.door.transition({ jobId }, { to: "completed", attempt: 2, result: { answer: 42 } });

  expect(done).toMatchObject({ status: "completed", attempts: 2, progress: 100, error: null });
  expect(done!.finishedAt).toBeInstanceOf(Date);
  const { row, events } = await snapshot(jobId);
  expect(row.result).toEqual({ answer: 42 });
  expect(events.map((e) => [e.status, e.attempt])).toEqual([
    ["queued", 0],
    ["running", 1],
    ["retrying", 1],
    ["running", 2],
    ["completed", 2],
  ]);
  // Clients see the error without its stack; the timeline keeps the stack for operators.
  expect(events[2]!.detail).toEqual(failure(1));
  // "No error" is SQL NULL, as on a fresh row, not the JSON literal null.
  const nulls = await withClient(
    world.db.url,
    async (c) => (await c.query(`SELECT error IS NULL AS e FROM jobs WHERE id = $1`, [jobId])).rows[0],
  );
  expect(nulls).toEqual({ e: true });
});

test("running again after a crash (a stalled job picked up anew) counts the extra start", async () => {
  const jobId = await jobIn("running");
  expect(await world.door.transition({ jobId }, { to: "running" })).toMatchObject({ status: "running", attempts: 2 });
  expect((await snapshot(jobId)).events.map((e) => [e.status, e.attempt])).toEqual([
    ["queued", 0],
    ["running", 1],
    ["running", 2],
  ]);
});

test("the public error leaves the stack out", async () => {
  const jobId = await jobIn("running");
  const failed = await world.door.transition({ jobId }, { to: "failed", attempt: 1, error: failure(1), fingerprint: "fingerprint" });
  expect(failed!.error).toEqual({ message: "boom", name: "Error", attempt: 1 });
});

test("completed after cancelled returns null and changes nothing", async () => {
  const jobId = await jobIn("running");
  expect(await world.door.transition({ jobId }, { to: "cancelled", reason: "user asked" })).toMatchObject({ status: "cancelled" });
  const before = await snapshot(jobId);
  expect(await world.door.transition({ jobId }, { to: "completed", attempt: 1, result: "late" })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
});

test("an owner-scoped move for another owner returns null and changes nothing", async () => {
  const jobId = await jobIn("queued");
  const before = await snapshot(jobId);
  expect(await world.door.transition({ jobId, ownerId: world.otherOwnerId }, { to: "cancelled", reason: "not mine" })).toBeNull();
  expect(await snapshot(jobId)).toEqual(before);
  expect(await world.door.transition({ jobId, ownerId: world.ownerId }, { to: "cancelled", reason: "mine" })).toMatchObject({
    status: "cancelled",
  });
});

test("an unknown job moves nowhere", async () => {
  expect(await world.door.transition({ jobId: randomUUID() }, { to: "running" })).toBeNull();
});

test("of a completion and a cancellation racing, exactly one wins and one event is written", async () => {
  const jobId = await jobIn("running");
  const results = await Promise.all([
    world.door.transition({ jobId }, { to: "completed", attempt: 1, result: null }),
    world.door.transition({ jobId }, { to: "cancelled", reason: "race" }),
  ]);
  expect(results.filter((r) => r !== null)).toHaveLength(1);
  const { row, events } = await snapshot(jobId);
  expect(events.map((e) => e.status)).toEqual(["queued", "running", row.status]);
});

test("a re-drive resets the failed job to queued with empty result and error", async () => {
  const jobId = await jobIn("failed");
  const redriven = await world.door.transition({ jobId }, { to: "queued" });
  expect(redriven).toMatchObject({ status: "queued", attempts: 0, progress: 0, error: null, startedAt: null, finishedAt: null });
  const row = await withClient(
    world.db.url,
    async (c) => (await c.query(`SELECT result IS NULL AS r, error IS NULL AS e FROM jobs WHERE id = $1`, [jobId])).rows[0],
  );
  expect(row).toEqual({ r: true, e: true });
});

test("progress moves only a running job, clamps to 0..100 and writes no timeline event", async () => {
  const running = await jobIn("running");
  const eventsBefore = (await snapshot(running)).events;
  expect(await world.door.progress(running, 40)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(40);
  expect(await world.door.progress(running, 150)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(100);
  expect(await world.door.progress(running, -5)).toBe(true);
  expect((await snapshot(running)).row.progress).toBe(0);
  expect(await world.door.progress(running, Number.NaN)).toBe(false);
  expect((await snapshot(running)).row.progress).toBe(0);
  expect((await snapshot(running)).events).toEqual(eventsBefore);

  for (const status of ["queued", "retrying", "completed", "cancelled"] as const) {
    const jobId = await jobIn(status);
    const before = await snapshot(jobId);
    expect(await world.door.progress(jobId, 50)).toBe(false);
    expect(await snapshot(jobId)).toEqual(before);
  }
});

test("a progress report keeps its sequence number on the job, and the announced change carries it", async () => {
  const jobId = await jobIn("running");
  await world.door.progress(jobId, 30);
  const { row, events } = await snapshot(jobId);

  const change = announced.filter((c) => c.jobId === jobId).at(-1)!;
  expect(change).toMatchObject({ event: "progress", progress: 30, error: null, seq: String(row.progressSeq) });
  expect(row.progressSeq! > events.at(-1)!.id).toBe(true);
});

test("a move to retrying or failed announces the public error; other moves announce none", async () => {
  const retrying = await jobIn("retrying");
  await move(retrying, { to: "cancelled", reason: "user asked" });
  const failed = await jobIn("failed");
  const changes = announced.filter((c) => c.jobId === retrying || c.jobId === failed);

  expect(changes.filter((c) => c.error !== null).map((c) => [c.status, c.error])).toEqual([
    ["retrying", { message: "boom", name: "Error", attempt: 1 }],
    ["failed", { message: "boom", name: "Error", attempt: 1 }],
  ]);
});

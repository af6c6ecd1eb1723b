/** The one builder of a new job's record: what it decides when the caller leaves it out. */
import { newJobRecord } from "@jobline/db";

const definition = { queue: "gpu", defaults: { maxAttempts: 3, timeoutMs: 1000 } };
const now = new Date("2030-01-01T00:00:00Z");

test("left out: a fresh id, queued now, the type's queue and default limits, no callback, key or metadata", () => {
  const record = newJobRecord({ ownerId: "o", type: "t", definition, payload: { n: 1 } }, now);

  expect(record).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    ownerId: "o",
    type: "t",
    queue: "gpu",
    status: "queued",
    payload: { n: 1 },
    priority: 0,
    maxAttempts: 3,
    timeoutMs: 1000,
    runAt: null,
    idempotencyKey: null,
    callbackUrl: null,
    metadata: {},
    createdAt: now,
    scheduleId: null,
    requestId: null,
  });
  expect(newJobRecord({ ownerId: "o", type: "t", definition, payload: {} }, now).id).not.toBe(record.id);
});

test("a runAt still ahead makes the job scheduled; one already past leaves it queued", () => {
  const ahead = newJobRecord({ ownerId: "o", type: "t", definition, payload: {}, runAt: new Date(now.getTime() + 1) }, now);
  const past = newJobRecord({ ownerId: "o", type: "t", definition, payload: {}, runAt: new Date(now.getTime() - 1) }, now);

  expect(ahead.status).toBe("scheduled");
  expect(past).toMatchObject({ status: "queued", runAt: new Date(now.getTime() - 1) });
});

test("the caller's limits win over the type's defaults", () => {
  expect(newJobRecord({ ownerId: "o", type: "t", definition, payload: {}, maxAttempts: 7, timeoutMs: 50 }, now)).toMatchObject({
    maxAttempts: 7,
    timeoutMs: 50,
  });
});

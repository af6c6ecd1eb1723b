import { JobEventSchema, isTerminalJobEvent, storedJobEvent, toJobEvent, type JobEventFacts } from "../src";

const jobId = "0b9a1c9e-2f4b-4c1e-9d52-7d8b8a0f5e11";
const at = new Date("2026-11-30T01:00:00.000Z");
const facts = (over: Partial<JobEventFacts>): JobEventFacts => ({
  seq: "42",
  jobId,
  kind: "status",
  status: "running",
  attempt: 1,
  progress: 0,
  error: null,
  at,
  ...over,
});
const stored = (status: JobEventFacts["status"], detail: unknown = null) => ({ id: "7", jobId, status, attempt: 1, detail, createdAt: at });

test("a created job is queued or scheduled", () => {
  expect(toJobEvent(facts({ kind: "created", status: "queued", attempt: 0 })).type).toBe("job.queued");
  expect(toJobEvent(facts({ kind: "created", status: "scheduled", attempt: 0 })).type).toBe("job.scheduled");
});

test("status changes name what happened: a move back to queued is a re-drive", () => {
  const types = (["running", "retrying", "completed", "failed", "cancelled", "queued"] as const).map(
    (status) => toJobEvent(facts({ status })).type,
  );

  expect(types).toEqual(["job.started", "job.retrying", "job.completed", "job.failed", "job.cancelled", "job.redriven"]);
});

test("a progress report carries its value; status events carry the progress they set, or null", () => {
  expect(toJobEvent(facts({ kind: "progress", progress: 40 }))).toMatchObject({ type: "job.progress", progress: 40, status: "running" });
  expect(toJobEvent(facts({ status: "completed", progress: 40 })).progress).toBe(100);
  expect(toJobEvent(facts({ status: "queued", progress: 40 })).progress).toBe(0);
  expect(toJobEvent(facts({ status: "running", progress: 40 })).progress).toBeNull();
});

test("the error shows on retrying and failed events only", () => {
  const error = { message: "boom", name: "Error", attempt: 1 };

  expect(toJobEvent(facts({ status: "failed", error })).error).toEqual(error);
  expect(toJobEvent(facts({ status: "cancelled", error })).error).toBeNull();
});

test("an event is a valid document with the sequence number as its id and an ISO time", () => {
  const event = toJobEvent(facts({}));

  expect(JobEventSchema.parse(event)).toEqual({
    id: "42",
    jobId,
    type: "job.started",
    status: "running",
    attempt: 1,
    progress: null,
    error: null,
    at: "2026-11-30T01:00:00.000Z",
  });
});

test("a stored queued event is the creation unless its detail marks a re-drive", () => {
  expect(storedJobEvent(stored("queued")).type).toBe("job.queued");
  expect(storedJobEvent(stored("queued", { redriven: true })).type).toBe("job.redriven");
  expect(storedJobEvent(stored("scheduled")).type).toBe("job.scheduled");
});

test("a stored failure shows the public error, never the stack kept for operators", () => {
  const event = storedJobEvent(stored("failed", { message: "boom", name: "TypeError", attempt: 3, stack: "TypeError: boom\n    at x" }));

  expect(event.error).toEqual({ message: "boom", name: "TypeError", attempt: 3 });
});

test("a stored event and the same change announced live are the same document", () => {
  const error = { message: "boom", name: "Error", attempt: 2 };

  expect(storedJobEvent({ ...stored("retrying", { ...error, stack: "…" }), id: "42", attempt: 2 })).toEqual(
    toJobEvent(facts({ status: "retrying", attempt: 2, error, progress: 55 })),
  );
});

test("only a terminal status event ends a job's stream", () => {
  expect(isTerminalJobEvent({ type: "job.completed", status: "completed" })).toBe(true);
  expect(isTerminalJobEvent({ type: "job.retrying", status: "retrying" })).toBe(false);
  expect(isTerminalJobEvent({ type: "job.progress", status: "running" })).toBe(false);
});

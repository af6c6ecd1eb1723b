/**
 * The order of a submission, decided by the engine: every job is checked before any room is taken under the cap, and
 * the room goes back when the write fails or replays an earlier request.
 */
import { limits } from "@jobline/contract";
import { InvalidInputError, UnfinishedJobsCapError } from "../../src/errors";
import { submitJobs, type SubmitRequest } from "../../src/submit/submit-jobs";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

async function requestOf(jobs: unknown[], extra: Partial<SubmitRequest> = {}): Promise<SubmitRequest> {
  const owner = await h.ownerActor();
  return { owner: { id: owner.ownerId, maxUnfinishedJobs: 1 }, jobs, pathOf: (index) => ["jobs", index], requestId: null, ...extra };
}

test("one bad job refuses the whole batch with every issue, before the cap is asked", async () => {
  const request = await requestOf([{ type: "demo.echo" }, { type: "demo.sleep", payload: { ms: "soon" } }, { type: "no.such" }]);

  const refused = submitJobs(h.deps, { ...request, owner: { ...request.owner, maxUnfinishedJobs: 0 } });

  await expect(refused).rejects.toThrow(InvalidInputError);
  await expect(refused).rejects.toMatchObject({ tooLarge: false, issues: [{ path: "jobs.1.payload.ms" }, { path: "jobs.2.type" }] });
});

test("a payload past the size limit is invalid input flagged too large", async () => {
  const request = await requestOf([{ type: "demo.echo", payload: { blob: "x".repeat(limits.maxPayloadBytes) } }]);

  await expect(submitJobs(h.deps, request)).rejects.toMatchObject({ tooLarge: true, issues: [{ path: "jobs.0.payload" }] });
});

test("a write that fails gives its room under the cap back", async () => {
  const request = await requestOf([{ type: "demo.echo" }]);
  const failing = { ...h.deps, writeSubmission: () => Promise.reject(new Error("postgres refused")) };

  await expect(submitJobs(failing, request)).rejects.toThrow("postgres refused");

  expect((await submitJobs(h.deps, request)).replayed).toBe(false);
  await expect(submitJobs(h.deps, request)).rejects.toThrow(UnfinishedJobsCapError);
});

test("a replay of an earlier request answers its jobs and gives its room back", async () => {
  const request = await requestOf([{ type: "demo.echo" }], { idempotency: { key: "once", requestHash: "same" } });
  const capped = { ...request, owner: { ...request.owner, maxUnfinishedJobs: 2 } };
  const first = await submitJobs(h.deps, capped);

  const again = await submitJobs(h.deps, capped);

  expect(again.replayed).toBe(true);
  expect(again.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
  const fresh = { ...capped, idempotency: undefined };
  expect((await submitJobs(h.deps, fresh)).replayed).toBe(false);
  await expect(submitJobs(h.deps, fresh)).rejects.toThrow(UnfinishedJobsCapError);
});

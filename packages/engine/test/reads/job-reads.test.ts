/** Reads take the caller's scope: a bad cursor and an owner filter from a non-admin are invalid input. */
import { ListJobsQuerySchema } from "@jobline/contract";
import { InvalidInputError } from "../../src/errors";
import { findJob, listJobs } from "../../src/reads/job-reads";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

test("another owner's job reads as no job; an admin's scope reaches it", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, { type: "demo.echo" });

  expect(await findJob(h.deps.pool, { kind: "owner", ownerId: (await h.ownerActor()).ownerId }, job.id)).toBeNull();
  expect(await findJob(h.deps.pool, { kind: "all" }, job.id)).toMatchObject({ id: job.id });
});

test("a cursor this API did not hand out, and an owner filter from a non-admin, are invalid input", async () => {
  const owner = await h.ownerActor();
  const scope = { kind: "owner" as const, ownerId: owner.ownerId };

  await expect(listJobs(h.deps.pool, scope, ListJobsQuerySchema.parse({ cursor: "nonsense" }))).rejects.toMatchObject({
    issues: [{ path: "cursor" }],
  });
  await expect(listJobs(h.deps.pool, scope, ListJobsQuerySchema.parse({ ownerId: owner.ownerId }))).rejects.toThrow(InvalidInputError);
});

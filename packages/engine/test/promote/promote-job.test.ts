/** Promote cuts a job's wait short: a scheduled job runs now, a retrying one skips its backoff; nothing else has a wait. */
import { DependencyDownError, NotFoundError, StateConflictError } from "../../src/errors";
import { promoteJob } from "../../src/promote/promote-job";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

const later = () => new Date(Date.now() + 3_600_000).toISOString();
const auditOf = (target: string) => h.deps.prisma.auditEntry.findMany({ where: { target } });

test("a scheduled job stays scheduled with its runAt cleared, and its entry waits no more", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, { type: "demo.echo", runAt: later() });

  const promoted = await promoteJob(h.deps, owner, job.id);

  expect(promoted).toMatchObject({ id: job.id, status: "scheduled", runAt: null });
  expect(await h.deps.queues.work.cpu.getJobState(job.id)).toMatch(/^(waiting|prioritized)$/);
});

test("a retrying job skips the rest of its backoff; its row does not change", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, { type: "demo.echo", delayMs: 60_000 });
  await h.deps.door.transition({ jobId: job.id }, { to: "running" });
  await h.deps.door.transition(
    { jobId: job.id },
    { to: "retrying", attempt: 1, error: { name: "Error", message: "first try failed", attempt: 1 } },
  );

  const promoted = await promoteJob(h.deps, owner, job.id);

  expect(promoted).toMatchObject({ id: job.id, status: "retrying" });
  expect(await h.deps.queues.work.cpu.getJobState(job.id)).toMatch(/^(waiting|prioritized)$/);
});

test("a queued job has no wait to cut short", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, { type: "demo.echo" });

  await expect(promoteJob(h.deps, owner, job.id)).rejects.toThrow(StateConflictError);
});

test("another owner's job, an unknown id and a malformed one are not found", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, { type: "demo.echo", runAt: later() });
  const other = await h.ownerActor();

  await expect(promoteJob(h.deps, other, job.id)).rejects.toThrow(NotFoundError);
  await expect(promoteJob(h.deps, owner, "00000000-0000-4000-8000-000000000000")).rejects.toThrow(NotFoundError);
  await expect(promoteJob(h.deps, owner, "not-a-uuid")).rejects.toThrow(NotFoundError);
  expect((await h.deps.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).runAt).not.toBeNull();
});

test("an owner's promote is not audited; an admin's is, as job.promote; the dashboard's as dashboard.promote", async () => {
  const owner = await h.ownerActor();
  const admin = await h.ownerActor({ admin: true });
  const own = await h.submit(owner, { type: "demo.echo", runAt: later() });
  const byAdmin = await h.submit(owner, { type: "demo.echo", runAt: later() });
  const fromBoard = await h.submit(owner, { type: "demo.echo", runAt: later() });

  await promoteJob(h.deps, owner, own.id);
  await promoteJob(h.deps, admin, byAdmin.id);
  await promoteJob(h.deps, { kind: "dashboard", operator: "ops", queue: "cpu" }, fromBoard.id);

  expect(await auditOf(own.id)).toEqual([]);
  expect(await auditOf(byAdmin.id)).toEqual([
    expect.objectContaining({
      action: "job.promote",
      actor: `key ${admin.apiKeyId}`,
      detail: { ownerId: owner.ownerId, type: "demo.echo" },
    }),
  ]);
  expect(await auditOf(fromBoard.id)).toEqual([
    expect.objectContaining({ action: "dashboard.promote", actor: "dashboard (ops)", detail: { queue: "cpu", type: "demo.echo" } }),
  ]);
});

test("Redis not taking the promote is a DependencyDownError naming redis", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, { type: "demo.echo", runAt: later() });
  const stalled = {
    ...h.deps.queues,
    work: { ...h.deps.queues.work, cpu: { getJob: () => new Promise(() => undefined) } },
  } as unknown as typeof h.deps.queues;

  const refused = promoteJob({ ...h.deps, queues: stalled, config: { enqueueTimeoutMs: 50 } }, owner, job.id);

  await expect(refused).rejects.toThrow(DependencyDownError);
  await expect(refused).rejects.toMatchObject({ dependency: "redis" });
});

/** Who acted decides what the audit log records of cancel and re-drive, as it does of promote (promote-job.test.ts). */
import { cancelJob } from "../../src/cancel/cancel-job";
import { redriveJob } from "../../src/redrive/redrive-job";
import { startEngineHarness, type EngineHarness } from "../support/engine-harness";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness();
});
afterAll(() => h.close());

const auditOf = (target: string) => h.deps.prisma.auditEntry.findMany({ where: { target } });
const waiting = { type: "demo.echo", delayMs: 60_000 };

test("an owner cancelling its own job is not audited; an admin's cancel is, as job.cancel", async () => {
  const owner = await h.ownerActor();
  const admin = await h.ownerActor({ admin: true });
  const own = await h.submit(owner, waiting);
  const byAdmin = await h.submit(owner, waiting);

  await cancelJob(h.deps, owner, own.id);
  await cancelJob(h.deps, admin, byAdmin.id);

  expect(await auditOf(own.id)).toEqual([]);
  expect(await auditOf(byAdmin.id)).toEqual([
    expect.objectContaining({
      action: "job.cancel",
      actor: `key ${admin.apiKeyId}`,
      actorApiKeyId: admin.apiKeyId,
      detail: { ownerId: owner.ownerId, type: "demo.echo" },
    }),
  ]);
});

test("the dashboard's cancel is audited as dashboard.remove, with the job's queue", async () => {
  const owner = await h.ownerActor();
  const job = await h.submit(owner, waiting);

  await cancelJob(h.deps, { kind: "dashboard", operator: "ops", queue: "cpu" }, job.id);

  expect(await auditOf(job.id)).toEqual([
    expect.objectContaining({ action: "dashboard.remove", actor: "dashboard (ops)", detail: { queue: "cpu", type: "demo.echo" } }),
  ]);
  expect((await h.deps.prisma.jobEvent.findFirstOrThrow({ where: { jobId: job.id, status: "cancelled" } })).detail).toEqual({
    reason: "cancelled from the dashboard by ops",
  });
});

test("every re-drive is audited as job.redrive, saying when the payload was replaced; the dashboard's as dashboard.retry", async () => {
  const owner = await h.ownerActor();
  const [plain, replaced, fromBoard] = [await h.submit(owner, waiting), await h.submit(owner, waiting), await h.submit(owner, waiting)];
  for (const job of [plain, replaced, fromBoard]) await cancelJob(h.deps, owner, job.id);

  await redriveJob(h.deps, owner, plain.id);
  await redriveJob(h.deps, owner, replaced.id, { payload: { again: true } });
  await redriveJob(h.deps, { kind: "dashboard", operator: "ops", queue: "dead-letter" }, fromBoard.id);

  expect(await auditOf(plain.id)).toEqual([expect.objectContaining({ action: "job.redrive", detail: { type: "demo.echo" } })]);
  expect(await auditOf(replaced.id)).toEqual([
    expect.objectContaining({ action: "job.redrive", detail: { type: "demo.echo", payloadReplaced: true } }),
  ]);
  expect(await auditOf(fromBoard.id)).toEqual([
    expect.objectContaining({ action: "dashboard.retry", detail: { queue: "cpu", takenIn: "dead-letter", type: "demo.echo" } }),
  ]);
});

/** `GET /v1/audit`: operator actions, newest first, for admins only. */
import { callerAs } from "./support/caller";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const as = (token: string) => callerAs(h.app, token);

async function cancelledJob(): Promise<string> {
  const submitted = await as(h.tokens.writer).post("/v1/jobs", { type: "demo.echo", payload: {}, delayMs: 60_000 });
  await as(h.tokens.writer).post(`/v1/jobs/${submitted.body.id}/cancel`);
  return submitted.body.id as string;
}

test("a re-drive is recorded with the token that asked for it", async () => {
  const id = await cancelledJob();
  expect((await as(h.tokens.writer).post(`/v1/jobs/${id}/retry`)).status).toBe(202);

  const res = await as(h.tokens.admin).get("/v1/audit?action=job.redrive");
  expect(res.status).toBe(200);
  expect(res.body.data[0]).toMatchObject({
    action: "job.redrive",
    target: id,
    count: 1,
    detail: { type: "demo.echo" },
    actor: { kind: "owner", label: expect.stringMatching(/^key /) },
  });
});

test("?actorKind= reads one kind of actor: an owner's own re-drives apart from an admin's", async () => {
  const owners = await cancelledJob();
  await as(h.tokens.writer).post(`/v1/jobs/${owners}/retry`);
  const admins = await cancelledJob();
  await as(h.tokens.admin).post(`/v1/jobs/${admins}/retry`);

  const byAdmins = (await as(h.tokens.admin).get("/v1/audit?actorKind=admin")).body.data;
  const byOwners = (await as(h.tokens.admin).get("/v1/audit?actorKind=owner")).body.data;
  const everyone = (await as(h.tokens.admin).get("/v1/audit?limit=100")).body.data;
  const targets = (entries: Array<{ target: string }>) => entries.map((entry) => entry.target);

  expect(byAdmins.every((entry: { actor: { kind: string } }) => entry.actor.kind === "admin")).toBe(true);
  expect(targets(byAdmins)).toContain(admins);
  expect(targets(byAdmins)).not.toContain(owners);
  expect(targets(byOwners)).toContain(owners);
  expect(targets(everyone)).toEqual(expect.arrayContaining([owners, admins]));
  expect((await as(h.tokens.admin).get("/v1/audit?actorKind=robot")).status).toBe(422);
});

test("an admin's cancellation is recorded; an owner's own is not an operator action", async () => {
  const own = await cancelledJob();
  const submitted = await as(h.tokens.writer).post("/v1/jobs", { type: "demo.echo", payload: {}, delayMs: 60_000 });
  expect((await as(h.tokens.admin).post(`/v1/jobs/${submitted.body.id}/cancel`)).status).toBe(200);

  const targets = (await as(h.tokens.admin).get("/v1/audit?action=job.cancel")).body.data.map((entry: { target: string }) => entry.target);
  expect(targets).toContain(submitted.body.id);
  expect(targets).not.toContain(own);
});

test("pages newest first with a cursor", async () => {
  for (let i = 0; i < 3; i++) await as(h.tokens.writer).post(`/v1/jobs/${await cancelledJob()}/retry`);
  const first = await as(h.tokens.admin).get("/v1/audit?limit=2");
  const second = await as(h.tokens.admin).get(`/v1/audit?limit=2&cursor=${first.body.nextCursor}`);
  const ids = [...first.body.data, ...second.body.data].map((entry: { id: string }) => BigInt(entry.id));
  expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  expect(new Set(ids).size).toBe(4);
});

test("is for admins only, and a bad cursor is a 422", async () => {
  expect((await as(h.tokens.writer).get("/v1/audit")).status).toBe(403);
  expect((await as(h.tokens.admin).get("/v1/audit?cursor=nonsense")).status).toBe(422);
});

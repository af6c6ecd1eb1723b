/**
 * The per-owner limit on schedules: MAX_UNFINISHED_JOBS_PER_OWNER's sibling MAX_SCHEDULES_PER_OWNER (the harness uses
 * the default, 100) or the owner's own `maxSchedules`. One more answers 409 `/problems/too-many-schedules`, and
 * creates that arrive together cannot pass it between them.
 */
import { problemType } from "@jobline/contract";
import { defaultLimits, startApiHarness, type ApiHarness } from "./support/api-harness";
import { callerAs } from "./support/caller";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const as = (token: string) => callerAs(h.app, token);

async function ownerWithToken(name: string): Promise<{ token: string; ownerId: string }> {
  const created = await as(h.tokens.admin).post("/v1/tokens", { owner: name, scopes: ["jobs:read", "jobs:write"] });
  return { token: created.body.token, ownerId: created.body.owner.id };
}

let names = 0;
const schedule = () => ({ name: `hourly-${++names}`, type: "demo.echo", cron: "0 * * * *" });
const schedulesOf = (ownerId: string) => h.prisma.schedule.count({ where: { ownerId } });

test("the deployment's limit: the 101st schedule answers 409 too-many-schedules and is not created", async () => {
  const { token, ownerId } = await ownerWithToken("many-schedules");
  for (let created = 0; created < defaultLimits.maxSchedules; created++)
    expect((await as(token).post("/v1/schedules", schedule())).status).toBe(201);

  const refused = await as(token).post("/v1/schedules", schedule());

  expect(refused.status).toBe(409);
  expect(refused.headers["content-type"]).toMatch(/application\/problem\+json/);
  expect(refused.body).toMatchObject({
    type: problemType("too-many-schedules"),
    status: 409,
    detail: "the owner has 100 schedules, as many as its limit of 100 allows; delete one to create another",
  });
  expect(await schedulesOf(ownerId)).toBe(100);
}, 60_000);

test("an owner's own limit overrides the deployment's; null goes back to it", async () => {
  const { token, ownerId } = await ownerWithToken("few-schedules");
  const patched = await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxSchedules: 2 });
  expect(patched.body).toMatchObject({ maxSchedules: 2, effective: { maxSchedules: 2 } });
  for (let created = 0; created < 2; created++) expect((await as(token).post("/v1/schedules", schedule())).status).toBe(201);

  expect((await as(token).post("/v1/schedules", schedule())).body).toMatchObject({
    status: 409,
    type: problemType("too-many-schedules"),
    detail: "the owner has 2 schedules, as many as its limit of 2 allows; delete one to create another",
  });

  await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxSchedules: null });
  expect((await as(token).post("/v1/schedules", schedule())).status).toBe(201);
  expect(await schedulesOf(ownerId)).toBe(3);
});

test("a deleted schedule gives its room back", async () => {
  const { token, ownerId } = await ownerWithToken("one-schedule");
  await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxSchedules: 1 });
  const first = await as(token).post("/v1/schedules", schedule());
  expect((await as(token).post("/v1/schedules", schedule())).status).toBe(409);

  expect((await as(token).delete(`/v1/schedules/${first.body.id}`)).status).toBe(204);

  expect((await as(token).post("/v1/schedules", schedule())).status).toBe(201);
});

test("creates that arrive together do not pass the limit", async () => {
  const { token, ownerId } = await ownerWithToken("racing-schedules");
  await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxSchedules: 5 });

  const answers = await Promise.all(Array.from({ length: 60 }, () => as(token).post("/v1/schedules", schedule())));

  const statuses = answers.map((answer) => answer.status);
  expect(statuses.filter((status) => status === 201)).toHaveLength(5);
  expect(statuses.filter((status) => status === 409)).toHaveLength(55);
  expect(await schedulesOf(ownerId)).toBe(5);
});

test("other owners' schedules do not count", async () => {
  const { token, ownerId } = await ownerWithToken("own-count");
  await as(h.tokens.admin).patch(`/v1/owners/${ownerId}`, { maxSchedules: 1 });
  const other = await ownerWithToken("other-count");
  await as(other.token).post("/v1/schedules", schedule());

  expect((await as(token).post("/v1/schedules", schedule())).status).toBe(201);
});

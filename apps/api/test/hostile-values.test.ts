/**
 * Values that Postgres cannot store, or that JSON and query parsing change without a word (issue 16, findings 4, 5
 * and 11): each is a 422 problem naming where it is, never a 500 and never a silent change.
 */
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const auth = (token = h.tokens.writer) => ({ authorization: `Bearer ${token}` });
const postJson = (path: string, body: string, token?: string) =>
  request(h.app).post(path).set(auth(token)).set("Content-Type", "application/json").send(body);
const get = (path: string, token?: string) => request(h.app).get(path).set(auth(token));
const yearZeroCursor = (id: string) => Buffer.from(JSON.stringify(["0000-01-01T00:00:00.000Z", id])).toString("base64url");
const uuid = "00000000-0000-4000-8000-000000000000";

function expectRefusal(res: request.Response, path: string): void {
  expect(res.status).toBe(422);
  expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
}

describe("text Postgres cannot store", () => {
  // Written as JSON text: a lone surrogate survives JSON.parse but not Postgres.
  test.each([
    ["a payload value", '{"type":"demo.echo","payload":{"note":"\\ud800"}}', "payload.note"],
    ["a payload key", '{"type":"demo.echo","payload":{"\\udc00":1}}', "payload.\udc00"],
    ["a metadata value", '{"type":"demo.echo","metadata":{"tag":"x\\ud800"}}', "metadata.tag"],
    ["the callbackUrl", '{"type":"demo.echo","callbackUrl":"https://example.com/\\ud800"}', "callbackUrl"],
  ])("a lone surrogate in %s is a 422 naming it", async (_what, body, path) => {
    expectRefusal(await postJson("/v1/jobs", body), path);
  });

  test("a lone surrogate in a batch item is a 422 naming the item", async () => {
    expectRefusal(await postJson("/v1/jobs/batch", '{"jobs":[{"type":"demo.echo","payload":{"a":"\\ud800"}}]}'), "jobs.0.payload.a");
  });

  test("a lone surrogate in a schedule is a 422", async () => {
    const body = '{"name":"s\\ud800","type":"demo.echo","everyMs":60000}';
    expectRefusal(await postJson("/v1/schedules", body), "name");
  });

  test("a lone surrogate in a token name is a 422", async () => {
    const body = '{"owner":"surrogate-owner","scopes":["jobs:read"],"name":"\\ud800"}';
    expectRefusal(await postJson("/v1/tokens", body, h.tokens.admin), "name");
  });

  test("the firehose's type filter holding NUL is a 422, not a stream", async () => {
    expectRefusal(await get("/v1/events?type=%00"), "type");
  });

  test("a payload number JSON cannot hold (1e400) is a 422, not a stored null", async () => {
    expectRefusal(await postJson("/v1/jobs", '{"type":"demo.echo","payload":{"n":1e400}}'), "payload.n");
  });
});

describe("dates Postgres cannot store", () => {
  test.each(["0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00"])("runAt %s is a 422", async (runAt) => {
    expectRefusal(await postJson("/v1/jobs", JSON.stringify({ type: "demo.echo", runAt })), "runAt");
  });

  test("runAt more than 365 days ahead is a 422, like delayMs", async () => {
    const runAt = new Date(Date.now() + 400 * 24 * 60 * 60 * 1000).toISOString();
    expectRefusal(await postJson("/v1/jobs", JSON.stringify({ type: "demo.echo", runAt })), "runAt");
  });

  test("runAt within 365 days is accepted", async () => {
    const runAt = new Date(Date.now() + 300 * 24 * 60 * 60 * 1000).toISOString();
    expect((await postJson("/v1/jobs", JSON.stringify({ type: "demo.echo", runAt }))).status).toBe(202);
  });

  test.each(["createdAfter", "createdBefore"])("%s in year 0000 is a 422", async (name) => {
    expect((await get(`/v1/jobs?${name}=0000-01-01T00:00:00Z`)).status).toBe(422);
  });

  test("a dead-letter range in year 0000 is a 422", async () => {
    expect((await get("/v1/dead-letters?since=0000-01-01T00:00:00Z", h.tokens.admin)).status).toBe(422);
  });

  test("a token expiring in year 10000 is a 422", async () => {
    const body = JSON.stringify({ owner: "far-future", scopes: ["jobs:read"], expiresAt: "+010000-01-01T00:00:00Z" });
    expect((await postJson("/v1/tokens", body, h.tokens.admin)).status).toBe(422);
    const late = JSON.stringify({ owner: "far-future", scopes: ["jobs:read"], expiresAt: "9999-12-31T23:59:59-05:00" });
    expect((await postJson("/v1/tokens", late, h.tokens.admin)).status).toBe(422);
  });

  test.each([
    ["/v1/jobs", uuid, (h0) => h0.tokens.writer],
    ["/v1/schedules", uuid, (h0) => h0.tokens.writer],
    ["/v1/tokens", uuid, (h0) => h0.tokens.admin],
    ["/v1/owners", uuid, (h0) => h0.tokens.admin],
    ["/v1/audit", "1", (h0) => h0.tokens.admin],
  ] as [string, string, (h0: ApiHarness) => string][])("a %s cursor dated year 0000 is a 422", async (path, id, token) => {
    const res = await get(`${path}?cursor=${yearZeroCursor(id)}`, token(h));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "cursor" })]);
  });
});

describe("input changed without a word", () => {
  test("a metadata.__proto__ filter is a 422, not the unfiltered list", async () => {
    expectRefusal(await get("/v1/jobs?metadata.__proto__=x"), "metadata.__proto__");
  });

  test.each(["__proto__", "constructor", "prototype"])("?%s=x is a 422 like any unknown parameter", async (name) => {
    expect((await get(`/v1/jobs?${name}=x`)).status).toBe(422);
  });

  test.each([
    ["payload", '{"type":"demo.echo","payload":{"__proto__":{"admin":true}}}', "payload.__proto__"],
    ["metadata", '{"type":"demo.echo","metadata":{"__proto__":"x"}}', "metadata.__proto__"],
    ["payload", '{"type":"demo.echo","payload":{"a":{"constructor":1}}}', "payload.a.constructor"],
  ])("a reserved key in the %s is a 422, not dropped", async (_where, body, path) => {
    expectRefusal(await postJson("/v1/jobs", body), path);
  });

  test.each(["utf-16", "utf-16le", "utf-32", "latin1"])("a body with charset=%s is a 415", async (charset) => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set(auth())
      .set("Content-Type", `application/json; charset=${charset}`)
      .send('{"type":"demo.echo","payload":{"a":1}}');
    expect(res.status).toBe(415);
  });

  test("a body with charset=utf-8 is accepted", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set(auth())
      .set("Content-Type", "application/json; charset=UTF-8")
      .send('{"type":"demo.echo"}');
    expect(res.status).toBe(202);
  });

  test.each(["0x10", "1e1", "%2010", "%2B10", "10.0", ""])("limit=%s is a 422: query integers are decimal digits", async (limit) => {
    expectRefusal(await get(`/v1/jobs?limit=${limit}`), "limit");
  });

  test("limit=10 is accepted", async () => {
    expect((await get("/v1/jobs?limit=10")).status).toBe(200);
  });

  test("a metadata key longer than the list filter can name is a 422", async () => {
    expectRefusal(await postJson("/v1/jobs", JSON.stringify({ type: "demo.echo", metadata: { ["k".repeat(101)]: 1 } })), "metadata");
  });

  test("a metadata key the list filter can name is accepted and found by it", async () => {
    const key = "k".repeat(100);
    const res = await postJson("/v1/jobs", JSON.stringify({ type: "demo.echo", metadata: { [key]: "v" } }));
    expect(res.status).toBe(202);
    const list = await get(`/v1/jobs?metadata.${key}=v`);
    expect(list.body.data.map((job: { id: string }) => job.id)).toContain(res.body.id);
  });
});

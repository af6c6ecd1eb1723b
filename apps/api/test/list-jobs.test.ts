import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
let token: string;
const submitted: string[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  token = (await h.createToken("lister", ["jobs:read", "jobs:write"])).token;
  for (const type of ["demo.echo", "demo.gpu-echo", "demo.echo", "demo.sleep", "demo.echo"]) {
    const payload = type === "demo.sleep" ? { ms: 1 } : {};
    const res = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${token}`).send({ type, payload });
    submitted.push(res.body.id);
  }
});
afterAll(() => h.close());

const list = (query: string) => request(h.app).get(`/v1/jobs${query}`).set("Authorization", `Bearer ${token}`);

test("lists the owner's jobs newest first", async () => {
  const res = await list("");

  expect(res.status).toBe(200);
  expect(res.body.data.map((j: { id: string }) => j.id)).toEqual([...submitted].reverse());
  expect(res.body.nextCursor).toBeNull();
});

test("pages with an opaque cursor until nextCursor is null, each job once", async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.body.data.length).toBeLessThanOrEqual(2);
    seen.push(...res.body.data.map((j: { id: string }) => j.id));
    cursor = res.body.nextCursor;
  } while (cursor);

  expect(seen).toEqual([...submitted].reverse());
});

test("filters by type, queue and status", async () => {
  const byType = await list("?type=demo.echo");
  const byQueue = await list("?queue=gpu");
  const byStatus = await list("?status=completed");

  expect(byType.body.data).toHaveLength(3);
  expect(byQueue.body.data.map((j: { type: string }) => j.type)).toEqual(["demo.gpu-echo"]);
  expect(byStatus.body.data).toEqual([]);
});

test.each([["?limit=0"], ["?limit=101"], ["?status=done"], ["?queue=tpu"], ["?cursor=bogus"], ["?colour=red"], ["?type=demo%00echo"]])(
  "%s is a 422",
  async (query) => {
    const res = await list(query);

    expect(res.status).toBe(422);
    expect(res.body.type).toBe("/problems/validation");
  },
);

/** The filters of GET /v1/jobs, alone and combined, and that no filter reaches another owner's jobs. */
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";
import { failedJob, uniqueWord } from "./support/failed-jobs";

let h: ApiHarness;
let token: string;
let ownerId: string;
let otherToken: string;
const jobs: { id: string; createdAt: string }[] = [];
let failedWithMetadata: string;
let failedPlain: string;
const word = uniqueWord();

const submit = async (body: object) => {
  const res = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${token}`).send(body);
  jobs.push({ id: res.body.id, createdAt: res.body.createdAt });
  return res.body.id as string;
};

let echo: string;
let gpu: string;
let tagged: string;
beforeAll(async () => {
  h = await startApiHarness();
  const created = await h.createToken("searcher", ["jobs:read", "jobs:write"]);
  token = created.token;
  ownerId = (await h.prisma.apiKey.findUniqueOrThrow({ where: { id: created.apiKeyId } })).ownerId;
  otherToken = (await h.createToken("neighbour", ["jobs:read", "jobs:write"])).token;
  echo = await submit({ type: "demo.echo", payload: {} });
  gpu = await submit({ type: "demo.gpu-echo", payload: {}, metadata: { region: "eu", tier: 2 } });
  tagged = await submit({ type: "demo.echo", payload: {}, metadata: { region: "eu", tier: "gold", beta: true } });
  failedWithMetadata = await failedJob(h, token, { message: `quota of 100% reached for ${word}`, metadata: { region: "us" } });
  failedPlain = await failedJob(h, token, { message: `connection reset by ${word}` });
  // The neighbour's jobs match every filter used below: none may appear.
  await failedJob(h, otherToken, { message: `quota of 100% reached for ${word}`, metadata: { region: "eu" } });
  await failedJob(h, otherToken, { message: `connection reset by ${word}`, metadata: { region: "us" } });
  await request(h.app)
    .post("/v1/jobs")
    .set("Authorization", `Bearer ${otherToken}`)
    .send({ type: "demo.echo", payload: {}, metadata: { region: "eu", tier: "gold", beta: true } });
});
afterAll(() => h.close());

const ids = async (query: string, as = token) => {
  const res = await request(h.app).get(`/v1/jobs${query}`).set("Authorization", `Bearer ${as}`);
  expect(res.status).toBe(200);
  return res.body.data.map((job: { id: string }) => job.id) as string[];
};
const status = async (query: string, as = token) =>
  (await request(h.app).get(`/v1/jobs${query}`).set("Authorization", `Bearer ${as}`)).status;

test("status takes a comma-separated list", async () => {
  expect(await ids("?status=failed")).toEqual([failedPlain, failedWithMetadata]);
  expect(await ids("?status=queued,failed")).toEqual([failedPlain, failedWithMetadata, tagged, gpu, echo]);
});

test("type and queue", async () => {
  expect(await ids("?type=demo.echo")).toEqual([tagged, echo]);
  expect(await ids("?queue=gpu")).toEqual([gpu]);
});

test("createdAfter is inclusive, createdBefore exclusive", async () => {
  const all = (await request(h.app).get("/v1/jobs").set("Authorization", `Bearer ${token}`)).body.data as {
    id: string;
    createdAt: string;
  }[];
  const boundary = jobs[2]!.createdAt;
  expect(await ids(`?createdAfter=${boundary}`)).toEqual(all.filter((job) => job.createdAt >= boundary).map((job) => job.id));
  expect(await ids(`?createdBefore=${boundary}`)).toEqual(all.filter((job) => job.createdAt < boundary).map((job) => job.id));
});

test("metadata.<key>=<value> matches exactly, and repeated keys must all match", async () => {
  expect(await ids("?metadata.region=eu")).toEqual([tagged, gpu]);
  expect(await ids("?metadata.region=eu&metadata.tier=gold")).toEqual([tagged]);
  expect(await ids("?metadata.region=e")).toEqual([]);
});

test("metadata values that spell a number or boolean match the stored number or boolean", async () => {
  expect(await ids("?metadata.tier=2")).toEqual([gpu]);
  expect(await ids("?metadata.beta=true")).toEqual([tagged]);
});

test("q finds text anywhere in the error message, whatever its case, wildcards taken literally", async () => {
  expect(await ids(`?q=${word.toUpperCase()}`)).toEqual([failedPlain, failedWithMetadata]);
  expect(await ids("?q=reset%20by")).toEqual([failedPlain]);
  expect(await ids("?q=100%25")).toEqual([failedWithMetadata]);
  expect(await ids("?q=1_0")).toEqual([]);
});

test("fingerprint lists one failure's group", async () => {
  const { body } = await request(h.app).get(`/v1/dead-letters`).set("Authorization", `Bearer ${h.tokens.admin}`);
  const group = body.data.find((g: { message: string }) => g.message === `connection reset by ${word}`);
  expect(await ids(`?fingerprint=${group.fingerprint}`)).toEqual([failedPlain]);
});

test("filters combine", async () => {
  expect(await ids("?status=queued&type=demo.echo&metadata.region=eu")).toEqual([tagged]);
  expect(await ids(`?status=failed&metadata.region=us&q=quota&createdAfter=${jobs[0]!.createdAt}`)).toEqual([failedWithMetadata]);
  expect(await ids("?queue=gpu&metadata.tier=gold")).toEqual([]);
});

test("an admin may narrow to one owner; anyone else asking for ownerId gets a 422", async () => {
  expect(await ids(`?ownerId=${ownerId}&metadata.region=eu`, h.tokens.admin)).toEqual([tagged, gpu]);
  expect(await status(`?ownerId=${ownerId}`)).toBe(422);
});

test("a filter never reaches another owner's jobs: the neighbour sees only its own", async () => {
  const mine = new Set(await ids(""));
  for (const query of [`?q=${word}`, "?metadata.region=eu", "?status=failed", `?status=queued,failed&metadata.tier=gold`]) {
    expect((await ids(query, otherToken)).filter((id) => mine.has(id))).toEqual([]);
  }
  expect(await ids(`?q=${word}`, otherToken)).toHaveLength(2);
});

test.each([
  ["an unknown filter", "?owner=acme"],
  ["an unknown status in the list", "?status=queued,lost"],
  ["an empty status", "?status="],
  ["a date that is not ISO 8601", "?createdAfter=yesterday"],
  ["a fingerprint of the wrong shape", "?fingerprint=abc"],
  ["NUL in the text", "?q=a%00b"],
  ["NUL in a metadata value", "?metadata.region=e%00u"],
  ["an empty metadata key", "?metadata.=eu"],
  ["metadata in another syntax", "?metadata[region]=eu"],
])("%s is a 422", async (_what, query) => {
  expect(await status(query)).toBe(422);
});

/** The dead-letter desk: failed jobs grouped by fingerprint, bulk re-drive with a dry run, and a retry with a new payload. */
import { failureFingerprint } from "@jobline/db";
import request from "supertest";
import { callerAs } from "./support/caller";
import { startApiHarness, type ApiHarness } from "./support/api-harness";
import { failedJob, uniqueWord } from "./support/failed-jobs";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const as = (token: string) => callerAs(h.app, token);
const admin = () => as(h.tokens.admin);

interface Group {
  fingerprint: string;
  type: string;
  errorName: string;
  message: string;
  count: number;
  firstFailedAt: string;
  lastFailedAt: string;
  sampleJobId: string;
}

async function groupsOf(word: string, query = ""): Promise<Group[]> {
  const res = await admin().get(`/v1/dead-letters${query}`);
  expect(res.status).toBe(200);
  return (res.body.data as Group[]).filter((group) => group.message.includes(word));
}

const statusOf = async (id: string) => (await admin().get(`/v1/jobs/${id}`)).body.status as string;
/** Just after the job failed: a boundary taken from the row, not the test's clock. */
const justAfterFailureOf = async (id: string) =>
  new Date(Date.parse((await admin().get(`/v1/jobs/${id}`)).body.finishedAt) + 1).toISOString();
const latestAudit = async () => (await admin().get("/v1/audit?action=dead-letters.redrive&limit=1")).body.data[0];

describe("GET /v1/dead-letters", () => {
  test("groups failures that differ only in ids, numbers and quoted values, with counts, first and last seen and a sample", async () => {
    const word = uniqueWord();
    const first = await failedJob(h, h.tokens.writer, { message: `upstream ${word} "eu-1" answered 503 after 1200 ms` });
    await failedJob(h, h.tokens.otherOwner, { message: `upstream ${word} "us-2" answered 502 after 30 ms` });
    const last = await failedJob(h, h.tokens.writer, { message: `upstream ${word} 'ap-3' answered 500 after 7 ms` });
    await failedJob(h, h.tokens.writer, { message: `upstream ${word} refused the connection` });

    const groups = await groupsOf(word);

    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      fingerprint: failureFingerprint({ type: "demo.sleep", name: "Error", message: `upstream ${word} "x" answered 1 after 1 ms` }),
      type: "demo.sleep",
      errorName: "Error",
      message: `upstream ${word} <q> answered <n> after <n> ms`,
      count: 3,
      sampleJobId: last,
    });
    expect(groups[1]).toMatchObject({ message: `upstream ${word} refused the connection`, count: 1 });
    const firstFailedAt = (await admin().get(`/v1/jobs/${first}`)).body.finishedAt;
    expect(groups[0]!.firstFailedAt).toBe(firstFailedAt);
    expect(groups[0]!.lastFailedAt >= groups[0]!.firstFailedAt).toBe(true);
  });

  test("filters by type and by the time of failure", async () => {
    const word = uniqueWord();
    const between = await justAfterFailureOf(await failedJob(h, h.tokens.writer, { message: `${word} cpu side` }));
    await failedJob(h, h.tokens.writer, { message: `${word} gpu side`, type: "demo.gpu-echo" });

    expect((await groupsOf(word, "?type=demo.gpu-echo")).map((g) => g.message)).toEqual([`${word} gpu side`]);
    expect((await groupsOf(word, `?since=${between}`)).map((g) => g.message)).toEqual([`${word} gpu side`]);
    expect((await groupsOf(word, `?until=${between}`)).map((g) => g.message)).toEqual([`${word} cpu side`]);
  });

  test("GET /v1/jobs?status=failed&fingerprint= lists one group's jobs", async () => {
    const word = uniqueWord();
    const ids = [
      await failedJob(h, h.tokens.writer, { message: `${word} 1` }),
      await failedJob(h, h.tokens.writer, { message: `${word} 2` }),
    ];
    await failedJob(h, h.tokens.writer, { message: `${word} other` });
    const [group] = (await groupsOf(word)).filter((g) => g.count === 2);

    const res = await admin().get(`/v1/jobs?status=failed&fingerprint=${group!.fingerprint}`);

    expect(res.body.data.map((job: { id: string }) => job.id)).toEqual([...ids].reverse());
  });

  test("is for admins only, and bad filters are 422s", async () => {
    expect((await as(h.tokens.writer).get("/v1/dead-letters")).status).toBe(403);
    expect((await admin().get("/v1/dead-letters?since=yesterday")).status).toBe(422);
    expect((await admin().get("/v1/dead-letters?owner=acme")).status).toBe(422);
  });
});

describe("POST /v1/dead-letters/redrive", () => {
  test("by fingerprint: the group's jobs go back to their queues, and the group is gone", async () => {
    const word = uniqueWord();
    const ids = [
      await failedJob(h, h.tokens.writer, { message: `${word} 1` }),
      await failedJob(h, h.tokens.otherOwner, { message: `${word} 2` }),
    ];
    const [group] = await groupsOf(word);

    const res = await admin().post("/v1/dead-letters/redrive", { fingerprint: group!.fingerprint });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matched: 2, redriven: 2, jobIds: ids });
    expect(await Promise.all(ids.map(statusOf))).toEqual(["queued", "queued"]);
    expect(await Promise.all(ids.map(async (id) => (await h.queues.work.cpu.getJob(id))?.id))).toEqual(ids);
    expect(await groupsOf(word)).toEqual([]);
  });

  test("by type and time range, oldest failure first", async () => {
    const word = uniqueWord();
    const since = await justAfterFailureOf(await failedJob(h, h.tokens.writer, { message: `${word} before` }));
    const gpu = await failedJob(h, h.tokens.writer, { message: `${word} gpu`, type: "demo.gpu-echo" });
    const cpu = await failedJob(h, h.tokens.writer, { message: `${word} cpu` });
    const until = await justAfterFailureOf(cpu);

    const res = await admin().post("/v1/dead-letters/redrive", { type: "demo.sleep", since, until });

    expect(res.body).toEqual({ matched: 1, redriven: 1, jobIds: [cpu] });
    expect(await statusOf(gpu)).toBe("failed");
  });

  test("by ids: only the failed ones among them", async () => {
    const failed = await failedJob(h, h.tokens.writer, { message: `${uniqueWord()} by id` });
    const queued = (await as(h.tokens.writer).post("/v1/jobs", { type: "demo.sleep", payload: { ms: 1 } })).body.id;

    const res = await admin().post("/v1/dead-letters/redrive", { jobIds: [failed, queued] });

    expect(res.body).toEqual({ matched: 1, redriven: 1, jobIds: [failed] });
  });

  test("a dry run says what would move and moves nothing", async () => {
    const word = uniqueWord();
    const id = await failedJob(h, h.tokens.writer, { message: `${word} dry` });
    const [group] = await groupsOf(word);

    const res = await admin().post("/v1/dead-letters/redrive", { fingerprint: group!.fingerprint, dryRun: true });

    expect(res.body).toEqual({ matched: 1, redriven: 0, jobIds: [id] });
    expect(await statusOf(id)).toBe("failed");
    expect(await groupsOf(word)).toHaveLength(1);
  });

  test("limit: the oldest failures up to it move; matched counts them all", async () => {
    const word = uniqueWord();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await failedJob(h, h.tokens.writer, { message: `${word} ${i}` }));
    const [group] = await groupsOf(word);

    const res = await admin().post("/v1/dead-letters/redrive", { fingerprint: group!.fingerprint, limit: 2 });

    expect(res.body).toEqual({ matched: 3, redriven: 2, jobIds: ids.slice(0, 2) });
    expect(await statusOf(ids[2]!)).toBe("failed");
  });

  test("each request is one audit entry with its count and selectors; a dry run is marked", async () => {
    const word = uniqueWord();
    await failedJob(h, h.tokens.writer, { message: `${word} 1` });
    await failedJob(h, h.tokens.writer, { message: `${word} 2` });
    const [group] = await groupsOf(word);

    await admin().post("/v1/dead-letters/redrive", { fingerprint: group!.fingerprint, dryRun: true });
    expect(await latestAudit()).toMatchObject({
      action: "dead-letters.redrive",
      count: 2,
      detail: { fingerprint: group!.fingerprint, dryRun: true, matched: 2 },
    });

    await admin().post("/v1/dead-letters/redrive", { fingerprint: group!.fingerprint });
    expect(await latestAudit()).toMatchObject({
      action: "dead-letters.redrive",
      target: `fingerprint ${group!.fingerprint}`,
      count: 2,
      detail: { fingerprint: group!.fingerprint, dryRun: false },
      actor: { label: expect.stringMatching(/^key /) },
    });
  });

  test("needs at least one selector, valid selectors, and the admin scope", async () => {
    const none = await admin().post("/v1/dead-letters/redrive", { dryRun: true });
    expect(none.status).toBe(422);
    expect(none.body.detail).toMatch(/at least one selector/);
    expect((await admin().post("/v1/dead-letters/redrive", { fingerprint: "nope" })).status).toBe(422);
    expect((await admin().post("/v1/dead-letters/redrive", { type: "demo.sleep", limit: 0 })).status).toBe(422);
    expect((await admin().post("/v1/dead-letters/redrive", { jobIds: ["not-a-uuid"] })).status).toBe(422);
    expect((await as(h.tokens.writer).post("/v1/dead-letters/redrive", { type: "demo.sleep" })).status).toBe(403);
  });
});

describe("POST /v1/jobs/{id}/retry with a payload", () => {
  test("re-drives the job with the new payload, recorded in the audit", async () => {
    const id = await failedJob(h, h.tokens.writer, { message: `${uniqueWord()} bad payload` });

    const res = await as(h.tokens.writer).post(`/v1/jobs/${id}/retry`, { payload: { ms: 5 } });

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "queued", payload: { ms: 5 }, attempts: 0 });
    expect((await as(h.tokens.writer).get(`/v1/jobs/${id}`)).body.payload).toEqual({ ms: 5 });
    const [entry] = (await admin().get("/v1/audit?action=job.redrive&limit=1")).body.data;
    expect(entry).toMatchObject({ target: id, detail: { type: "demo.sleep", payloadReplaced: true } });
  });

  test("a payload its type refuses is a 422 naming payload paths, and the job stays failed", async () => {
    const id = await failedJob(h, h.tokens.writer, { message: `${uniqueWord()} bad payload` });

    const res = await as(h.tokens.writer).post(`/v1/jobs/${id}/retry`, { payload: { ms: "soon" } });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "payload.ms" })]);
    expect(await statusOf(id)).toBe("failed");
  });

  test("another owner's job is a 404 whatever the payload", async () => {
    const id = await failedJob(h, h.tokens.writer, { message: `${uniqueWord()} not yours` });
    expect((await as(h.tokens.otherOwner).post(`/v1/jobs/${id}/retry`, { payload: { ms: 5 } })).status).toBe(404);
    expect((await as(h.tokens.otherOwner).post(`/v1/jobs/${id}/retry`, { payload: { ms: "soon" } })).status).toBe(404);
  });

  test("anything but a payload in the body is a 422; a body that is not JSON a 415", async () => {
    const id = await failedJob(h, h.tokens.writer, { message: `${uniqueWord()} odd body` });
    expect((await as(h.tokens.writer).post(`/v1/jobs/${id}/retry`, { priority: 3 })).status).toBe(422);
    const text = await request(h.app)
      .post(`/v1/jobs/${id}/retry`)
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      .set("Content-Type", "text/plain")
      .send("payload");
    expect(text.status).toBe(415);
    expect(await statusOf(id)).toBe("failed");
  });
});

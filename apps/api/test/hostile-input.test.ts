/**
 * Input a hostile or careless client sends, found by probing: each gets a clear 4xx problem document, never a 500,
 * and the service keeps answering.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import request from "supertest";
import { boardCredentials, startApiHarness, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const post = (path: string, token = h.tokens.writer) =>
  request(h.app).post(path).set("Authorization", `Bearer ${token}`).set("Content-Type", "application/json");

function nested(depth: number): string {
  return `{"type":"demo.echo","payload":{"a":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
}

async function expectStillUp(): Promise<void> {
  const res = await request(h.app).get("/healthz");
  expect(res.status).toBe(200);
}

describe("bodies", () => {
  test("a body nested 20,000 levels deep is a 422 naming the limit, not a stack overflow", async () => {
    const res = await post("/v1/jobs").send(nested(20_000));
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/nested deeper than \d+ levels/);
    await expectStillUp();
  });

  test("a batch nested deeply inside one job is refused the same way", async () => {
    const res = await post("/v1/jobs/batch").send(`{"jobs":[${nested(5_000)}]}`);
    expect(res.status).toBe(422);
  });

  test("moderate nesting inside a payload is accepted", async () => {
    const res = await post("/v1/jobs").send(nested(20));
    expect(res.status).toBe(202);
  });

  test("Content-Encoding: gzip on a body that is not gzip is a 400", async () => {
    const res = await post("/v1/jobs").set("Content-Encoding", "gzip").send('{"type":"demo.echo","payload":{}}');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/gzip|encoding|compressed/i);
    await expectStillUp();
  });

  test("a real gzip body is accepted", async () => {
    // fetch sends the bytes as they are (supertest would serialise a Buffer as JSON).
    const server = h.app.listen(0);
    try {
      await once(server, "listening");
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/jobs`, {
        method: "POST",
        headers: { Authorization: `Bearer ${h.tokens.writer}`, "Content-Type": "application/json", "Content-Encoding": "gzip" },
        body: gzipSync('{"type":"demo.echo","payload":{"zipped":true}}'),
      });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { payload: unknown }).payload).toEqual({ zipped: true });
    } finally {
      server.close();
    }
  });

  test.each(['"x"', "123", "null", "true", "[]"])(
    "valid JSON that is not an object (%s) is a 422 saying so, not 'not valid JSON'",
    async (body) => {
      const res = await post("/v1/jobs").send(body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/object/);
    },
  );

  test("broken JSON is still a 400", async () => {
    const res = await post("/v1/jobs").send('{"type":');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });
});

describe("headers", () => {
  test("two Idempotency-Key headers are a 422, not one joined key", async () => {
    const res = await request(h.app)
      .post("/v1/jobs")
      .set("Authorization", `Bearer ${h.tokens.writer}`)
      // An array makes Node send the header twice.
      .set("Idempotency-Key", ["first", "second"] as unknown as string)
      .send({ type: "demo.echo", payload: {} });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "Idempotency-Key", message: expect.stringMatching(/one/) })]);
  });

  test("every answer says nosniff and may not be framed", async () => {
    for (const res of [await request(h.app).get("/healthz"), await request(h.app).get("/v1/jobs"), await request(h.app).get("/docs")]) {
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
    }
  });

  test("the dashboard does not announce Express", async () => {
    const res = await request(h.app).get("/admin/queues").auth(boardCredentials.username, boardCredentials.password);
    expect(res.status).toBe(200);
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  test("a wrong dashboard password is titled as a credentials problem, not a token one", async () => {
    const res = await request(h.app).get("/admin/queues").auth(boardCredentials.username, "wrong");
    expect(res.status).toBe(401);
    expect(res.body.title).toMatch(/credentials/i);
    expect(res.headers["www-authenticate"]).toMatch(/^Basic/);
  });
});

describe("methods", () => {
  test("a method a path does not have is a 405 with Allow, not a 404", async () => {
    const res = await request(h.app).delete("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`);
    expect(res.status).toBe(405);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.headers.allow).toBe("GET, HEAD, OPTIONS, POST");
  });

  test("405 for a job's own path names the methods of that path only", async () => {
    const res = await request(h.app).put("/v1/jobs/00000000-0000-4000-8000-000000000000").set("Authorization", `Bearer ${h.tokens.writer}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD, OPTIONS");
  });

  test("OPTIONS on the batch path lists POST only: batch is not a job id", async () => {
    const res = await request(h.app).options("/v1/jobs/batch");
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe("OPTIONS, POST");
  });

  test("a path that does not exist is still a 404", async () => {
    const res = await request(h.app).delete("/v1/nothing-here").set("Authorization", `Bearer ${h.tokens.writer}`);
    expect(res.status).toBe(404);
  });

  test("without a token a wrong method is still a 401 first", async () => {
    const res = await request(h.app).delete("/v1/jobs");
    expect(res.status).toBe(401);
  });
});

describe("admin inputs", () => {
  const admin = () => ({ authorization: `Bearer ${h.tokens.admin}` });

  test("a token name or owner holding NUL is a 422, and no owner is created", async () => {
    const owner = `nul-${Date.now()}`;
    for (const body of [
      { owner, scopes: ["jobs:read"], name: "a\u0000" },
      { owner: "b\u0000", scopes: ["jobs:read"] },
    ]) {
      const res = await request(h.app).post("/v1/tokens").set(admin()).send(body);
      expect(res.status).toBe(422);
    }
    expect(await h.prisma.owner.findUnique({ where: { name: owner } })).toBeNull();
  });

  test("an audit action holding NUL, or a cursor beyond any id, is a 422", async () => {
    expect((await request(h.app).get("/v1/audit?action=%00").set(admin())).status).toBe(422);
    const cursor = Buffer.from(JSON.stringify([new Date().toISOString(), "99999999999999999999"])).toString("base64url");
    expect((await request(h.app).get(`/v1/audit?cursor=${cursor}`).set(admin())).status).toBe(422);
  });
});

import { defaultRetention } from "@jobline/queues";
import pino from "pino";
import request from "supertest";
import { boardCredentials, startApiHarness, streamSettings, type ApiHarness } from "./support/api-harness";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

describe("GET /v1/job-types", () => {
  test("lists each type with its queue, payload JSON Schema and defaults", async () => {
    const res = await request(h.app).get("/v1/job-types").set("Authorization", `Bearer ${h.tokens.reader}`);

    expect(res.status).toBe(200);
    const sleep = res.body.data.find((t: { type: string }) => t.type === "demo.sleep");
    expect(sleep).toMatchObject({ queue: "cpu", defaults: { maxAttempts: 3 } });
    expect(sleep.payloadSchema.properties.ms.type).toBe("integer");
    expect(res.body.data.map((t: { type: string }) => t.type)).toEqual(expect.arrayContaining(["report.generate", "demo.gpu-echo"]));
  });
});

describe("GET /v1/queues", () => {
  test("an admin sees counts for cpu, gpu and the dead-letter queue", async () => {
    await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`).send({ type: "demo.gpu-echo", payload: {} });

    const res = await request(h.app).get("/v1/queues").set("Authorization", `Bearer ${h.tokens.admin}`);

    expect(res.status).toBe(200);
    expect(res.body.data.map((q: { name: string }) => q.name)).toEqual(["cpu", "gpu", "dead-letter"]);
    expect(res.body.data[1]).toMatchObject({ name: "gpu", waiting: 1, active: 0, paused: false });
  });
});

describe("POST /v1/jobs/{id}/retry", () => {
  test("a job that has not failed cannot be retried (409)", async () => {
    const submitted = await request(h.app).post("/v1/jobs").set("Authorization", `Bearer ${h.tokens.writer}`).send({ type: "demo.echo" });

    const res = await request(h.app).post(`/v1/jobs/${submitted.body.id}/retry`).set("Authorization", `Bearer ${h.tokens.writer}`);

    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("queued");
  });
});

describe("the dashboard", () => {
  test("answers 401 without operator credentials", async () => {
    const res = await request(h.app).get("/admin/queues");

    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Basic/);
  });

  test("answers 401 with wrong credentials, and a bearer token is not enough", async () => {
    const wrong = await request(h.app).get("/admin/queues").auth(boardCredentials.username, "wrong password");
    const bearer = await request(h.app).get("/admin/queues").set("Authorization", `Bearer ${h.tokens.admin}`);

    expect(wrong.status).toBe(401);
    expect(bearer.status).toBe(401);
  });

  test("answers 200 with operator credentials and lists the three queues", async () => {
    const page = await request(h.app).get("/admin/queues").auth(boardCredentials.username, boardCredentials.password);
    const api = await request(h.app).get("/admin/queues/api/queues").auth(boardCredentials.username, boardCredentials.password);

    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/html/);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(["cpu", "dead-letter", "gpu"]);
  });

  test("is off, not open, when no credentials are configured", async () => {
    const app = h.variant({
      config: {
        board: null,
        bodyLimitBytes: 1024 * 1024,
        enqueueTimeoutMs: 500,
        retention: defaultRetention,
        events: streamSettings,
        webhookAllowPrivateNetworks: true,
        trustProxy: false,
      },
      logger: pino({ level: "silent" }),
    });

    const res = await request(app).get("/admin/queues");

    expect(res.status).toBe(404);
  });
});

describe("health", () => {
  test("/healthz answers 200 while the process runs", async () => {
    expect((await request(h.app).get("/healthz")).status).toBe(200);
  });

  test("/readyz answers 200 when Postgres and Redis answer", async () => {
    const res = await request(h.app).get("/readyz");

    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual({ postgres: "ok", redis: "ok" });
  });

  test("/readyz answers 503 naming Redis when Redis is down", async () => {
    const { createRedisConnection } = await import("@jobline/queues");
    const deadRedis = createRedisConnection("redis://127.0.0.1:1", { blocking: false });
    deadRedis.on("error", () => undefined);
    try {
      const res = await request(h.variant({ redis: deadRedis })).get("/readyz");

      expect(res.status).toBe(503);
      expect(res.body.checks).toEqual({ postgres: "ok", redis: "down" });
    } finally {
      deadRedis.disconnect();
    }
  });
});

test("an unknown route is a 404 problem document", async () => {
  const res = await request(h.app).get("/v2/everything");

  expect(res.status).toBe(404);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
});

type Operation = { responses: Record<string, { description: string }> };

describe("the OpenAPI document", () => {
  test("/openapi.json is OpenAPI 3.1 with one submit variant per job type, carrying that type's payload schema", async () => {
    const res = await request(h.app).get("/openapi.json");

    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const variants = res.body.components.requestBodies.SubmitJob.content["application/json"].schema.oneOf as {
      title: string;
      allOf: { properties?: { payload?: { properties?: object } } }[];
    }[];
    const sleep = variants.find((v) => v.title === "demo.sleep");
    expect(sleep?.allOf[1]?.properties?.payload?.properties).toHaveProperty("ms");
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(["/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/retry", "/v1/job-types"]),
    );
  });

  test("every route the document lists answers something other than 404", async () => {
    const res = await request(h.app).get("/openapi.json");
    const id = "00000000-0000-4000-8000-000000000000";
    // An event stream (GET /v1/events) never ends on its own: end it so its probe gets its whole answer.
    const endStreams = setInterval(() => h.openStreams.endAll(), 20);

    try {
      for (const [path, operations] of Object.entries(res.body.paths as Record<string, object>)) {
        for (const method of Object.keys(operations)) {
          const probe = await request(h.app)
            [method as "get" | "post"](path.replace("{id}", id))
            .set("Authorization", `Bearer ${h.tokens.admin}`)
            .send({});
          const unknownJob =
            path.includes("{id}") && [`no job ${id}`, `no schedule ${id}`, `no token ${id}`, `no owner ${id}`].includes(probe.body?.detail);
          expect({ path, method, routed: probe.status !== 404 || unknownJob }).toEqual({ path, method, routed: true });
        }
      }
    } finally {
      clearInterval(endStreams);
    }
  });

  test("every operation that can answer 401 documents the 429 of a client that failed to authenticate too often", async () => {
    const res = await request(h.app).get("/openapi.json");
    const id = "00000000-0000-4000-8000-000000000000";
    const endStreams = setInterval(() => h.openStreams.endAll(), 20);
    const undocumented: string[] = [];
    let answered401 = 0;
    try {
      for (const [path, operations] of Object.entries(res.body.paths as Record<string, Record<string, Operation>>)) {
        for (const [method, operation] of Object.entries(operations)) {
          // Without a token: the route's answer says whether it can answer 401 at all.
          const probe = await request(h.app)[method as "get" | "post"](path.replace("{id}", id)).send({});
          if (probe.status === 401) answered401 += 1;
          const responses = operation.responses;
          const throttled = responses["429"]?.description.includes("/problems/too-many-auth-failures");
          if ((probe.status === 401 || responses["401"]) && !(responses["401"] && throttled)) undocumented.push(`${method} ${path}`);
        }
      }
    } finally {
      clearInterval(endStreams);
    }
    expect(answered401).toBeGreaterThan(10);
    expect(undocumented).toEqual([]);
  });

  test("/docs is Swagger UI served from this origin, reading /openapi.json", async () => {
    const res = await request(h.app).get("/docs");
    const bundle = await request(h.app).get("/docs/assets/swagger-ui-bundle.js");
    const start = await request(h.app).get("/docs/start.js");

    expect(res.status).toBe(200);
    expect(res.text).toContain('src="/docs/assets/swagger-ui-bundle.js"');
    expect([bundle.status, bundle.headers["content-type"]]).toEqual([200, expect.stringMatching(/javascript/)]);
    expect(start.text).toContain('url: "/openapi.json"');
  });
});

describe("GET /metrics", () => {
  test("exposes request timings by route pattern, without ids in the labels", async () => {
    await request(h.app).get("/v1/jobs/00000000-0000-4000-8000-000000000000").set("Authorization", `Bearer ${h.tokens.reader}`);

    const res = await request(h.app).get("/metrics");

    expect(res.status).toBe(200);
    expect(res.text).toMatch(/jobline_api_http_request_duration_seconds_count\{method="GET",route="\/v1\/jobs\/:id",status="404"\} [1-9]/);
    expect(res.text).not.toContain("00000000-0000-4000-8000-000000000000");
    expect(res.text).toMatch(/jobline_api_jobs_submitted_total\{type="demo.gpu-echo"\} [1-9]/);
  });
});

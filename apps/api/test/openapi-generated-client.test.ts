/**
 * The OpenAPI document as a generator sees it: openapi-typescript turns `/openapi.json` into types, and a small
 * client program type-checks against them (tsc, strict). `@ts-expect-error` lines prove what the types forbid: an
 * unused one fails the check.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import request from "supertest";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

jest.setTimeout(120_000);

const run = promisify(execFile);
const generator = path.join(path.dirname(require.resolve("openapi-typescript/package.json")), "bin/cli.js");
const tsc = require.resolve("typescript/bin/tsc");

let h: ApiHarness;
let dir: string;
let document: { paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>> };

beforeAll(async () => {
  h = await startApiHarness();
  dir = await mkdtemp(path.join(tmpdir(), "jobline-openapi-"));
  document = (await request(h.app).get("/openapi.json")).body;
  await writeFile(path.join(dir, "openapi.json"), JSON.stringify(document));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

const program = `
import type { components, operations, paths } from "./jobline";

type SubmitBody = NonNullable<operations["submitJob"]["requestBody"]>["content"]["application/json"];
type Job = components["schemas"]["Job"];

// Fields with defaults (priority, metadata) may be left out; a type whose payload has defaults may leave it out.
export const echo: SubmitBody = { type: "demo.echo", payload: { hello: "world" } };
export const sleep: SubmitBody = { type: "demo.sleep", payload: { ms: 10 }, priority: 5, metadata: { team: "ops" } };
export const report: SubmitBody = { type: "report.generate", payload: { title: "Q3", rows: [{ region: "north", revenue: 1 }], measures: ["revenue"] } };
// @ts-expect-error report.generate cannot run without its payload
export const noPayload: SubmitBody = { type: "report.generate" };
// @ts-expect-error the payload is checked against its type's schema
export const wrongPayload: SubmitBody = { type: "demo.sleep", payload: { ms: "ten" } };
// @ts-expect-error an unknown type is no variant
export const unknownType: SubmitBody = { type: "demo.nope", payload: {} };

// A job's result is typed by its type once narrowed on \`type\`.
export function documentOf(job: Job): string | null {
  if (job.type === "report.generate" && job.result !== null) return job.result.document;
  return null;
}
export function attemptOf(job: Job): number | null {
  return job.type === "demo.fail" && job.result !== null ? job.result.succeededOnAttempt : null;
}

// Lists always carry data; a page says where the next one starts.
type JobPage = operations["listJobs"]["responses"][200]["content"]["application/json"];
export const ids = (page: JobPage): string[] => page.data.map((job) => job.id);
export const next = (page: JobPage): string | null => page.nextCursor;
export const listQuery: NonNullable<operations["listJobs"]["parameters"]["query"]> = { limit: 5 };

// The new job's path is a declared header of the 202.
export const location = (answer: operations["submitJob"]["responses"][202]): string => answer.headers.Location;

// The statuses a client must handle are declared, each with a problem document.
type Problem = components["schemas"]["Problem"];
export const problems: Problem[] = [400, 413, 415, 422, 429, 503].map((status) => ({ type: "/problems/x", title: "x", status }));
export const rateLimited = (answer: operations["submitJob"]["responses"][429]): Problem => answer.content["application/problem+json"];
export const malformed = (answer: operations["submitJob"]["responses"][400]): Problem => answer.content["application/problem+json"];
export const tooLarge = (answer: operations["submitJobBatch"]["responses"][413]): Problem => answer.content["application/problem+json"];
export const notJson = (answer: operations["createSchedule"]["responses"][415]): Problem => answer.content["application/problem+json"];
export const unavailable = (answer: operations["getJob"]["responses"][503]): Problem => answer.content["application/problem+json"];

// The deployment's own routes have typed answers too.
type JobTypes = operations["listJobTypes"]["responses"][200]["content"]["application/json"];
export const queues = (types: JobTypes): ("cpu" | "gpu")[] => types.data.map((type) => type.queue);
type Queues = operations["listQueues"]["responses"][200]["content"]["application/json"];
export const waiting = (counts: Queues): number => counts.data.reduce((sum, queue) => sum + queue.waiting, 0);
type Ready = paths["/readyz"]["get"]["responses"][200]["content"]["application/json"];
export const ready = (answer: Ready): "ok" => answer.checks.postgres;
`;

test("openapi-typescript generates types from /openapi.json that a strict client program type-checks against", async () => {
  await run(process.execPath, [generator, path.join(dir, "openapi.json"), "-o", path.join(dir, "jobline.ts")]);
  await writeFile(path.join(dir, "client.ts"), program);

  const check = await run(
    process.execPath,
    [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--skipLibCheck", "client.ts"],
    { cwd: dir },
  ).then(
    () => "",
    (error: Error & { stdout?: string }) => error.stdout ?? String(error),
  );

  expect(check).toBe("");
});

test("every operation has an operationId, and no two share one", () => {
  const operations = Object.entries(document.paths).flatMap(([route, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ route, method, operationId: operation.operationId })),
  );

  expect(operations.filter((operation) => operation.operationId === undefined)).toEqual([]);
  expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(operations.length);
});

test("every authenticated operation lists 401, 403, 429 and 503; every one that reads a body lists 400, 413, 415 and 422", () => {
  for (const [route, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const statuses = Object.keys(operation.responses);
      const expected = [
        ...(route.startsWith("/v1/") ? ["401", "403", "429", "503"] : []),
        ...("requestBody" in operation ? ["400", "413", "415", "422"] : []),
      ];
      expect({ route, method, missing: expected.filter((status) => !statuses.includes(status)) }).toEqual({ route, method, missing: [] });
    }
  }
});

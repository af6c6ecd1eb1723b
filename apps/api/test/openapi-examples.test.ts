/**
 * What Swagger UI's "Try it out" sends works: every operation of `/openapi.json` is called over HTTP with each of its
 * documented request examples (none for an operation without a body), with the token its documented scope needs, and
 * answers one of its documented 2xx statuses. Path parameters name objects made first from the document's own
 * examples (a job from the submit example, a schedule from the create example…), as a reader trying the page would.
 */
import type { AddressInfo, Server } from "node:net";
import { startApiHarness, type ApiHarness } from "./support/api-harness";

jest.setTimeout(120_000);

interface Operation {
  operationId: string;
  description?: string;
  security?: unknown[];
  requestBody?: { $ref?: string; content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { requestBodies: Record<string, NonNullable<Operation["requestBody"]>> };
}
interface Call {
  method: string;
  path: string;
  operation: Operation;
}
type Params = Record<string, string>;
/** How one operation's path parameters are found for an example, and what its answer leaves for later steps. */
interface Step {
  params?: (example: string) => Promise<Params> | Params;
  after?: (example: string, body: any) => void;
}

let h: ApiHarness;
let server: Server;
let baseUrl: string;
let document: Document;

beforeAll(async () => {
  h = await startApiHarness();
  server = h.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Document;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

const calls = (): Call[] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
const callOf = (operationId: string): Call => calls().find((call) => call.operation.operationId === operationId)!;

/** The operation's JSON request examples by name; one unnamed "no body" entry for an operation without a body. */
function examplesOf(operation: Operation): [string, unknown][] {
  if (operation.requestBody === undefined) return [["(no body)", undefined]];
  const ref = operation.requestBody.$ref;
  const body = ref === undefined ? operation.requestBody : document.components.requestBodies[ref.split("/").at(-1)!]!;
  return Object.entries(body.content?.["application/json"]?.examples ?? {}).map(([name, example]) => [name, example.value]);
}

/** The bearer the operation's documented scope asks for: none for a public route, the admin's for `Scope admin`. */
function tokenFor(operation: Operation): string | undefined {
  if (operation.security?.length === 0) return undefined;
  return /^Scope admin\b/.test(operation.description ?? "") ? h.tokens.admin : h.tokens.writer;
}

const successStatuses = (operation: Operation): number[] =>
  Object.keys(operation.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300);

/** Sends `body` as Swagger UI would: the first content type of the success answer as Accept, the bearer as Authorization. */
async function send(operationId: string, params: Params, body: unknown): Promise<{ status: number; body: any }> {
  const { method, path, operation } = callOf(operationId);
  const accept = Object.keys(operation.responses[String(successStatuses(operation)[0])]?.content ?? { "application/json": {} })[0]!;
  const token = tokenFor(operation);
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}${path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!)}`, {
    method,
    signal: controller.signal,
    headers: {
      Accept: accept,
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A live stream does not end: its status and first bytes are what a reader sees.
  if (accept === "text/event-stream") {
    controller.abort();
    return { status: res.status, body: undefined };
  }
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}

const exampleBody = (operationId: string, name: string) => examplesOf(callOf(operationId).operation).find(([n]) => n === name)![1];

/** A job made with the submit operation's first example, for the operations on one job. */
async function submittedJob(): Promise<string> {
  const [[name]] = examplesOf(callOf("submitJob").operation) as [[string, unknown]];
  return (await send("submitJob", {}, exampleBody("submitJob", name))).body.id as string;
}

const made: { jobs: Record<string, string>; schedules: Record<string, string>; tokenId?: string; ownerId?: string } = {
  jobs: {},
  schedules: {},
};

/**
 * Every operation, in the order a reader could try them, and where its path parameters come from. The jobs stay
 * unfinished (no worker runs), so a cancel, a promote and a retry each find their job in a state they accept.
 */
const steps: Record<string, Step> = {
  checkLiveness: {},
  checkReadiness: {},
  listJobTypes: {},
  submitJob: { after: (example, body) => (made.jobs[example] = body.id) },
  submitJobBatch: {},
  listJobs: {},
  getJob: { params: () => ({ id: made.jobs.now! }) },
  listJobEvents: { params: () => ({ id: made.jobs.now! }) },
  listJobDeliveries: { params: () => ({ id: made.jobs.now! }) },
  promoteJob: { params: () => ({ id: made.jobs.later! }) },
  cancelJob: { params: () => ({ id: made.jobs.now! }) },
  retryJob: {
    params: async () => {
      const id = await submittedJob();
      expect((await send("cancelJob", { id }, undefined)).status).toBe(200);
      return { id };
    },
  },
  streamEvents: {},
  createSchedule: { after: (example, body) => (made.schedules[example] = body.id) },
  listSchedules: {},
  getSchedule: { params: () => ({ id: Object.values(made.schedules)[0]! }) },
  updateSchedule: { params: () => ({ id: Object.values(made.schedules)[0]! }) },
  deleteSchedule: { params: () => ({ id: Object.values(made.schedules)[0]! }) },
  getWebhookSecret: {},
  rotateWebhookSecret: {},
  listQueues: {},
  listAudit: {},
  listDeadLetters: {},
  redriveDeadLetters: {},
  createToken: {
    after: (_example, body) => {
      made.tokenId = body.id;
      made.ownerId = body.owner.id;
    },
  },
  listTokens: {},
  revokeToken: { params: () => ({ id: made.tokenId! }) },
  listOwners: {},
  getOwner: { params: () => ({ id: made.ownerId! }) },
  updateOwnerLimits: { params: () => ({ id: made.ownerId! }) },
};

test("every operation of the document has a step here, and every body its examples", () => {
  expect(
    calls()
      .map((call) => call.operation.operationId)
      .sort(),
  ).toEqual(Object.keys(steps).sort());
  for (const { operation } of calls())
    expect([operation.operationId, examplesOf(operation).length > 0]).toEqual([operation.operationId, true]);
});

test("every /v1 operation says which scope it needs", () => {
  for (const { path, operation } of calls().filter((call) => call.path.startsWith("/v1/")))
    expect([path, operation.description]).toEqual([path, expect.stringMatching(/^Scope (admin|jobs:read|jobs:write)\./)]);
});

test("every operation's examples answer a documented success status", async () => {
  const failures: string[] = [];
  let sent = 0;
  for (const [operationId, step] of Object.entries(steps)) {
    const { operation } = callOf(operationId);
    for (const [example, body] of examplesOf(operation)) {
      const res = await send(operationId, (await step.params?.(example)) ?? {}, body);
      sent += 1;
      if (successStatuses(operation).includes(res.status)) step.after?.(example, res.body);
      else
        failures.push(
          `${operationId} (${example}): ${res.status} ${JSON.stringify(res.body)}, not ${successStatuses(operation).join(" or ")}`,
        );
    }
  }

  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(Object.keys(steps).length);
});

/**
 * docs/api.md's route tables ("Routes" for /v1, "Outside /v1") against the routes the app really mounts, read from
 * its router: every route is documented, every documented route exists, and each /v1 route asks for the scope its
 * row names.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { scopes, type Scope } from "@jobline/contract";
import { boardPath } from "../src/board";
import { startApiHarness, type ApiHarness } from "./support/api-harness";
import { appRoutes } from "./support/app-routes";
import { codeSpans, firstTableUnder } from "./support/api-doc";

const routeSpan = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/\S*)$/;

/** `/v1` routes with the scope of their row: the first cell is the route, the second its scope. */
const v1Rows = firstTableUnder("Routes").flatMap(([route = "", scope = ""]) => {
  const spans = codeSpans(route).filter((span) => routeSpan.test(span));
  return spans.map((span) => ({ route: span, scope: codeSpans(scope)[0] as Scope }));
});
/** Routes outside /v1: a row may name several served together, or a bare path for a mount (the dashboard). */
const outsideRoutes = firstTableUnder("Outside /v1").flatMap(([route = ""]) =>
  codeSpans(route).filter((span) => routeSpan.test(span) || /^\/\S*$/.test(span)),
);
const documented = [...v1Rows.map((row) => row.route), ...outsideRoutes].sort();

let h: ApiHarness;
let server: Server;
let baseUrl: string;
let routed: string[];
beforeAll(async () => {
  h = await startApiHarness();
  // The dashboard's own routes are Bull Board's; the table documents where it is mounted.
  routed = appRoutes(h.app, [boardPath]);
  server = h.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  // Event streams opened by the scope checks end here, before the server closes.
  await h.close();
  await new Promise((resolve) => server.close(resolve));
});

test("each row of the /v1 table names one scope a token can have", () => {
  expect(v1Rows.filter((row) => !scopes.includes(row.scope))).toEqual([]);
});

test("every route the app answers is in docs/api.md", () => {
  const undocumented = routed.filter((route) => !documented.includes(route));

  expect(undocumented).toEqual([]);
});

test("every route docs/api.md lists is one the app answers", () => {
  const unrouted = documented.filter((route) => !routed.includes(route));

  expect(unrouted).toEqual([]);
});

/** The status a request gets, without waiting for the body: an event stream's answer never ends. */
async function statusOf(route: string, token: string): Promise<number> {
  const [method, path] = route.split(" ") as [string, string];
  const response = await fetch(baseUrl + path.replace(/\{\w+\}/g, () => randomUUID()), {
    method,
    headers: { Authorization: `Bearer ${token}` },
  });
  await response.body?.cancel();
  return response.status;
}

/** Every scope but `scope` and `admin` (which allows everything). */
const allBut = (scope: Scope): Scope[] => scopes.filter((other) => other !== scope && other !== "admin");

// Rows without a route are the previous test's finding; these check the scope of the rows that have one.
const routedRows = () => v1Rows.filter((row) => routed.includes(row.route));

test("each /v1 route refuses a token without the scope its row names with 403", async () => {
  const tokens = new Map<Scope, string>();
  for (const scope of scopes) tokens.set(scope, (await h.createToken(`lacks-${scope}`, allBut(scope))).token);
  const answers = [];
  for (const row of routedRows()) answers.push({ ...row, status: await statusOf(row.route, tokens.get(row.scope)!) });

  expect(answers.filter((answer) => answer.status !== 403)).toEqual([]);
});

test("each /v1 route lets a token with only the scope its row names past the scope check", async () => {
  const tokens = new Map<Scope, string>();
  for (const scope of scopes) tokens.set(scope, (await h.createToken(`only-${scope}`, [scope])).token);
  const answers = [];
  for (const row of routedRows()) answers.push({ ...row, status: await statusOf(row.route, tokens.get(row.scope)!) });

  expect(answers.filter((answer) => answer.status === 403)).toEqual([]);
});

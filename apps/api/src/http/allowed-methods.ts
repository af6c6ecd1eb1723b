/**
 * Which methods a path has, read from the application's own routes, so a `405` and its `Allow` header can never
 * disagree with what is routed. Express answers a method a path lacks with the same 404 as a path that does not
 * exist, and answers OPTIONS by itself from every route whose pattern matches: `/v1/jobs/batch` then also "has"
 * the GET of `/v1/jobs/:id`. Ids are UUIDs, so a parameter that is not one does not make its route match here.
 */
import { isJobId } from "@jobline/db";
import type { Express, RequestHandler } from "express";
import { MethodNotAllowedError } from "./errors";

/** What Express's router (v2) keeps of each route and mounted router: the parts read here. */
interface Layer {
  match(path: string): { path: string; params: Record<string, unknown> } | false | undefined;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function paramsAreIds(params: Record<string, unknown>): boolean {
  return Object.entries(params).every(([name, value]) => !/id$/i.test(name) || (typeof value === "string" && isJobId(value)));
}

function collect(stack: readonly Layer[], path: string, into: Set<string>): void {
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched || !paramsAreIds(matched.params)) continue;
    if (layer.route) {
      for (const [method, present] of Object.entries(layer.route.methods)) if (present && method !== "_all") into.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      collect(layer.handle.stack, path.slice(matched.path.length) || "/", into);
    }
  }
}

/** The methods `path` answers, with HEAD beside GET and OPTIONS when there is any; empty for a path that is not routed. */
export function allowedMethods(app: Express, path: string): string[] {
  const methods = new Set<string>();
  collect((app.router as unknown as { stack: Layer[] }).stack, path, methods);
  if (methods.size === 0) return [];
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return [...methods].sort();
}

/** OPTIONS for any routed path: `204` with `Allow`, before authentication (a preflight carries no token). */
export function answerOptions(app: Express): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "OPTIONS") return next();
    const allowed = allowedMethods(app, req.path);
    if (allowed.length === 0) return next();
    res.setHeader("Allow", allowed.join(", "));
    res.status(204).end();
  };
}

/** After every route: a path that exists but lacks the method is a `405` with `Allow`, not a `404`. */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(app, req.path);
    if (allowed.length === 0) return next();
    next(new MethodNotAllowedError(`${req.path} does not answer ${req.method}; it answers ${allowed.join(", ")}`, allowed));
  };
}

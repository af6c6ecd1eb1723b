/**
 * The routes an Express app answers, read from its own router with `listRoutes()` (router 2.3, under Express 5.3):
 * `METHOD /path` for each method of each route, mounted routers' paths joined, `:param` written `{param}` as
 * docs/api.md writes it.
 */
import type express from "express";

/** One registered path as `listRoutes()` gives it: a route with its methods, or a mounted router. */
interface RouteInfo {
  path: string | RegExp;
  methods: string[] | undefined;
  router: RouteLister | undefined;
}

interface RouteLister {
  listRoutes?(): RouteInfo[];
}

function listed(router: RouteLister): RouteInfo[] {
  if (typeof router.listRoutes !== "function") throw new Error("this router has no listRoutes() (router 2.3 or newer has it)");
  return router.listRoutes();
}

/** A mount's path and a path under it: `/v1` + `/jobs` is `/v1/jobs`; a router's `/` is its mount. */
function join(mount: string, path: string | RegExp): string {
  const own = String(path);
  return own === "/" ? mount : `${mount}${own}`;
}

const placeholders = (path: string) => path.replace(/:(\w+)/g, "{$1}");

/**
 * Every `METHOD /path` the app routes. A path in `opaque` (a mounted dashboard whose internals are its own) is
 * given as the bare path, once, instead of what is under it. Express's automatic HEAD beside a GET is left out.
 */
export function appRoutes(app: express.Express, opaque: readonly string[] = []): string[] {
  const found = new Set<string>();
  const walk = (router: RouteLister, mount: string) => {
    for (const entry of listed(router)) {
      const path = join(mount, entry.path);
      const within = opaque.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
      if (within) found.add(within);
      else if (entry.router) walk(entry.router, path);
      else
        for (const method of entry.methods ?? [])
          if (method !== "HEAD" || !entry.methods?.includes("GET")) found.add(`${method} ${placeholders(path || "/")}`);
    }
  };
  walk(app.router as unknown as RouteLister, "");
  return [...found].sort();
}

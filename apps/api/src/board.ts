import { timingSafeEqual, createHash } from "node:crypto";
import express, { Router, type Express, type RequestHandler } from "express";
import { boardActions, type BoardActionDeps } from "./board-actions";
import { selfContainedPage } from "./board-display";
import type { BoardRowsDeps } from "./board-job-rows";
import { OperatorCredentialsError } from "./http/errors";
import { clientAddressKey, countFailure, refuseIfBlocked } from "./http/failed-auth";
import { staticAsset } from "./http/request-log";
import type { AuthFailures } from "./limits/auth-failures";

export const boardPath = "/admin/queues";

function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * HTTP Basic, because a browser cannot send our bearer header to the dashboard. Wrong credentials count against the
 * client's address and the user name tried; past their allowed failures, wrong ones get a 429 without being compared.
 * The right credentials always get in.
 */
function basicAuth(credentials: { username: string; password: string }, failures: AuthFailures): RequestHandler {
  return async (req, res, next) => {
    const match = /^Basic\s+(\S+)$/i.exec(req.get("authorization") ?? "");
    const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
    const separator = decoded.indexOf(":");
    const username = separator >= 0 ? decoded.slice(0, separator) : "";
    const password = separator >= 0 ? decoded.slice(separator + 1) : "";
    const userOk = sameSecret(username, credentials.username);
    const passwordOk = sameSecret(password, credentials.password);
    if (match && userOk && passwordOk) {
      res.locals.operator = username;
      next();
      return;
    }
    const keys = [clientAddressKey(req), `board-user:${username}`];
    await refuseIfBlocked(failures, keys);
    await countFailure(failures, keys);
    throw new OperatorCredentialsError("the dashboard takes the operator's user name and password (HTTP Basic)");
  };
}

/**
 * An Express app that loads the one `load` returns on its first request and mounts it then (as a sub-app, so it
 * inherits the API's settings as an eagerly mounted one would).
 */
function loadedOnFirstRequest(load: () => Express): Express {
  const host: Express = express();
  host.disable("x-powered-by");
  let loaded = false;
  host.use((_req, _res, next) => {
    if (!loaded) {
      loaded = true;
      host.use(load());
    }
    next();
  });
  return host;
}

/**
 * Bull Board over the cpu, gpu and dead-letter queues, behind operator credentials. Its actions are answered by
 * board-actions.ts first (carried into the rows, or switched off); what it shows is corrected by board-display.ts.
 * Bull Board itself (board-server.ts) is loaded on the first request that got past the credentials.
 */
export function dashboard(
  deps: BoardActionDeps & BoardRowsDeps & { authFailures: AuthFailures },
  credentials: { username: string; password: string },
): RequestHandler[] {
  const board = loadedOnFirstRequest(() => {
    // Required here, not imported above: loaded when first used, not at start.
    const { boardServer } = require("./board-server") as typeof import("./board-server");
    return boardServer(deps, boardPath);
  });
  // The page's scripts, styles and images, which the board serves under /static.
  const assets = Router().use("/static", staticAsset);
  return [basicAuth(credentials, deps.authFailures), boardActions(deps), selfContainedPage, assets, board];
}

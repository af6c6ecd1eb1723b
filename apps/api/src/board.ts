import { timingSafeEqual, createHash } from "node:crypto";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Router, type Express, type RequestHandler } from "express";
import { boardActions, type BoardActionDeps } from "./board-actions";
import { joblineDisplay, selfContainedPage } from "./board-display";
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
 * Bull Board over the cpu, gpu and dead-letter queues, behind operator credentials. Its actions are answered by
 * board-actions.ts first (carried into the rows, or switched off); what it shows is corrected by board-display.ts.
 */
export function dashboard(
  deps: BoardActionDeps & BoardRowsDeps & { authFailures: AuthFailures },
  credentials: { username: string; password: string },
): RequestHandler[] {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(boardPath);
  // No Retry on completed entries: a re-drive takes a failed or cancelled job. The base adapter reads this option,
  // though BullMQAdapter's constructor type leaves it out.
  const adapterOptions = { allowRetries: true, allowCompletedRetries: false };
  createBullBoard({
    queues: deps.queues.all().map((queue) => new BullMQAdapter(queue, adapterOptions)),
    serverAdapter,
    options: { handlerHooks: joblineDisplay(deps), uiConfig: { hideDocsLink: true } },
  });
  // The adapter mounts an Express app of its own, which would announce itself with X-Powered-By.
  const board = serverAdapter.getRouter() as Express;
  board.disable("x-powered-by");
  // The page's scripts, styles and images, which the board serves under /static.
  const assets = Router().use("/static", staticAsset);
  return [basicAuth(credentials, deps.authFailures), boardActions(deps), selfContainedPage, assets, board];
}

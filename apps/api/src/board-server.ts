/**
 * Bull Board's own server over the cpu, gpu and dead-letter queues: its pages and its JSON. Loaded on the dashboard's
 * first authenticated request (board.ts), since Bull Board brings a copy of BullMQ of its own and some 230 modules
 * that a process serving only the API never uses.
 */
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { JobQueues } from "@jobline/queues";
import type { Express } from "express";
import { joblineDisplay } from "./board-display";
import type { BoardRowsDeps } from "./board-job-rows";

export function boardServer(deps: BoardRowsDeps & { queues: JobQueues }, basePath: string): Express {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
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
  return board;
}

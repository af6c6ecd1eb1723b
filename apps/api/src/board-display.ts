/**
 * What the dashboard shows, made to agree with the API: each entry with its job's owner, type, Jobline status and
 * payload from the row (an entry carries only the type); a dead letter with its job's timeline, not its copy's;
 * stack traces relative to the project root;
 * Jobline's priority instead of BullMQ's inverted number; and a page that loads nothing from anywhere but this
 * server (Bull Board's page asks a public CDN for its fonts: an operator's browser would talk to a third party, and
 * fail offline).
 */
import type { BoardHooks } from "@bull-board/api/typings/app";
import { relativeToProjectRoot } from "@jobline/config";
import { deadLetterQueueName } from "@jobline/contract";
import { normalJobId } from "@jobline/db";
import { joblinePriority, type DeadLetterData } from "@jobline/queues";
import type { RequestHandler } from "express";
import { rowsOf, type BoardRowsDeps, type ShownRow } from "./board-job-rows";
import { withBoardStyle } from "./board-page-style";

interface ShownJob {
  id?: string | number | null;
  priority?: number;
  opts?: { priority?: number };
  data?: unknown;
  timestamp?: number;
  processedOn?: number | null;
  processedBy?: string | null;
  finishedOn?: number | null;
  attempts?: number;
  stacktrace?: string[];
}

/** A prioritised entry shows Jobline's number; the default (0) shows no badge, as BullMQ's own default does not. */
function withJoblinePriority(job: ShownJob): ShownJob {
  const bullmq = job.priority ?? job.opts?.priority;
  if (!bullmq) return job;
  const priority = joblinePriority(bullmq);
  const { priority: _bullmq, ...rest } = job;
  return { ...rest, ...(priority === 0 ? {} : { priority }), opts: { ...job.opts, priority } };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The entry's data led by the row's: owner, type, status, payload; then what else the entry carries (a dead letter's error and history). */
function withRow(job: ShownJob, row: ShownRow | undefined): ShownJob {
  if (!row || !isRecord(job.data)) return job;
  const { type, payload: _copy, ...carried } = job.data;
  return { ...job, data: { owner: row.owner, type, status: row.status, payload: row.payload, requestId: row.requestId, ...carried } };
}

/**
 * A dead letter's entry is a copy made when the job failed, and filed a moment later: its own times and attempt
 * count are the copy's. The board shows the job's instead, from the history the letter keeps: submitted, first
 * started, failed, and the attempts it made; the filer that handled the copy is no worker of the job's.
 */
function withJobTimeline(job: ShownJob): ShownJob {
  if (!isRecord(job.data)) return job;
  const { attempts: history, failedAt } = job.data as Partial<DeadLetterData>;
  if (!Array.isArray(history) || history.length === 0 || typeof failedAt !== "string") return job;
  const started = history.find((entry) => entry.status === "running")?.at;
  const { processedBy: _filer, ...rest } = job;
  return {
    ...rest,
    timestamp: Date.parse(history[0]!.at),
    processedOn: started === undefined ? null : Date.parse(started),
    finishedOn: Date.parse(failedAt),
    attempts: Math.max(...history.map((entry) => entry.attempt)),
  };
}

/**
 * An entry's stack traces with their files relative to the project root: BullMQ keeps each failed attempt's stack as
 * the worker threw it, with the paths of the machine it ran on (the worker's own store already makes them relative).
 */
function withRelativeStacks(job: ShownJob): ShownJob {
  return job.stacktrace ? { ...job, stacktrace: job.stacktrace.map((stack) => relativeToProjectRoot(stack)) } : job;
}

function shown(job: ShownJob, queue: string, rows: Map<string, ShownRow>): ShownJob {
  const timed = queue === deadLetterQueueName ? withJobTimeline(job) : job;
  return withRelativeStacks(withJoblinePriority(withRow(timed, rows.get(normalJobId(String(job.id))))));
}

interface QueuesBody {
  queues?: Array<{ name: string; jobs?: ShownJob[] }>;
}
interface JobBody {
  job?: ShownJob;
}

/** Rewrites the job listings and the job page's answers (Bull Board's `after` hook), with one query for the rows. */
export function joblineDisplay(deps: BoardRowsDeps): BoardHooks {
  return {
    async after(context, result) {
      if (context.method !== "get" || (result.status && result.status >= 400)) return result;
      if (context.route === "/api/queues") {
        const body = result.body as QueuesBody;
        const rows = await rowsOf(deps, body.queues?.flatMap((queue) => queue.jobs?.map((job) => String(job.id)) ?? []) ?? []);
        const queues = body.queues?.map((queue) => ({ ...queue, jobs: queue.jobs?.map((job) => shown(job, queue.name, rows)) }));
        return { ...result, body: { ...body, queues } };
      }
      if (context.route === "/api/queues/:queueName/:jobId") {
        const body = result.body as JobBody;
        if (!body.job) return result;
        const rows = await rowsOf(deps, [String(body.job.id)]);
        return { ...result, body: { ...body, job: shown(body.job, String(context.request.params.queueName), rows) } };
      }
      return result;
    },
  };
}

/** Every `<link>` to another origin, and so the fonts from the CDN: the page falls back to the system's fonts. */
const externalLink = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>\s*/gi;

export function withoutExternalResources(html: string): string {
  return html.replace(externalLink, "");
}

/**
 * The board's page, rendered without external links and with Jobline's style sheet (board-page-style.ts), under a policy that lets the browser load nothing from
 * elsewhere (a later Bull Board that adds one is then blocked, not obeyed). Inline styles: the page's loading
 * screen and React's style attributes.
 */
export const selfContainedPage: RequestHandler = (_req, res, next) => {
  res.setHeader(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'none'",
  );
  const render = res.render.bind(res);
  res.render = (view: string, options?: object) =>
    render(view, options ?? {}, (error: Error | null, html?: string) => {
      if (error) return next(error);
      res.type("html").send(withBoardStyle(withoutExternalResources(html ?? "")));
    });
  next();
};

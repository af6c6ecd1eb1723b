/**
 * What the dashboard shows, made to agree with the API: Jobline's priority instead of BullMQ's inverted number, and
 * a page that loads nothing from anywhere but this server (Bull Board's page asks a public CDN for its fonts: an
 * operator's browser would talk to a third party, and fail offline).
 */
import type { BoardHooks } from "@bull-board/api/typings/app";
import { joblinePriority } from "@jobline/queues";
import type { RequestHandler } from "express";
import { withBoardStyle } from "./board-page-style";

interface ShownJob {
  priority?: number;
  opts?: { priority?: number };
}

/** A prioritised entry shows Jobline's number; the default (0) shows no badge, as BullMQ's own default does not. */
function withJoblinePriority(job: ShownJob): ShownJob {
  const bullmq = job.priority ?? job.opts?.priority;
  if (!bullmq) return job;
  const priority = joblinePriority(bullmq);
  const { priority: _bullmq, ...rest } = job;
  return { ...rest, ...(priority === 0 ? {} : { priority }), opts: { ...job.opts, priority } };
}

interface QueuesBody {
  queues?: Array<{ jobs?: ShownJob[] }>;
}
interface JobBody {
  job?: ShownJob;
}

/** Rewrites the job listings and the job page's answers (Bull Board's `after` hook). */
export const joblineDisplay: BoardHooks = {
  after(context, result) {
    if (context.method !== "get" || (result.status && result.status >= 400)) return result;
    if (context.route === "/api/queues") {
      const body = result.body as QueuesBody;
      return {
        ...result,
        body: { ...body, queues: body.queues?.map((queue) => ({ ...queue, jobs: queue.jobs?.map(withJoblinePriority) })) },
      };
    }
    if (context.route === "/api/queues/:queueName/:jobId") {
      const body = result.body as JobBody;
      return { ...result, body: { ...body, job: body.job && withJoblinePriority(body.job) } };
    }
    return result;
  },
};

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

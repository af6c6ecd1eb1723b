/**
 * `GET /v1/jobs/{id}/events` (the job's timeline as JSON, or its live stream with `Accept: text/event-stream`) and
 * `GET /v1/events` (the stream of every event of the caller's jobs). The stream logic lives in `src/events`.
 */
import type { Pool } from "@jobline/db";
import { EventStreamQuerySchema, JobEventsQuerySchema, LastEventIdSchema } from "@jobline/contract";
import { findJob, InvalidInputError, NotFoundError, ownerIdFilter } from "@jobline/engine";
import type { JobQueues } from "@jobline/queues";
import { Router, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { ApiConfig } from "../../config";
import type { EventHub } from "../../events/event-hub";
import { readJobEvents } from "../../events/event-store";
import { streamJobEvents } from "../../events/job-event-stream";
import type { OpenStreams } from "../../events/open-streams";
import { streamOwnerEvents } from "../../events/owner-event-stream";
import { openSse, type SseResponse } from "../../events/sse-response";
import { createStreamTokenWatch } from "../../events/stream-token-watch";
import type { TokenVerifier } from "../../auth/token-verifier";
import { bearerTokenOf, principalOf, requireScope, scopeOfCaller } from "../auth";
import { TooManyStreamsError } from "../errors";
import { parsed } from "../request-shape";

/** What a client at the stream bound should wait before trying again: a stream usually ends or is dropped by then. */
const streamRetryAfterSeconds = 5;

export interface EventRoutesDeps {
  pool: Pool;
  hub: EventHub;
  queues: JobQueues;
  openStreams: OpenStreams;
  verifier: TokenVerifier;
  config: Pick<ApiConfig, "events">;
  logger: Logger;
}

function wantsStream(req: Request): boolean {
  return (req.get("accept") ?? "").includes("text/event-stream");
}

/** `Last-Event-ID` (the header a reconnecting EventSource sends) or `?lastEventId=`; null when neither is sent. */
function lastEventIdOf(req: Request, fromQuery: string | undefined): bigint | null {
  const header = req.get("last-event-id");
  if (header === undefined) return fromQuery === undefined ? null : BigInt(fromQuery);
  const given = LastEventIdSchema.safeParse(header.trim());
  if (!given.success) throw new InvalidInputError([{ path: "Last-Event-ID", message: given.error.issues[0]!.message }]);
  return BigInt(given.data);
}

/** Timeline pages go by event id: the cursor is the last id of the page, opaque to clients. */
const encodeCursor = (id: string) => Buffer.from(id).toString("base64url");
function decodeCursor(cursor: string): bigint {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!LastEventIdSchema.safeParse(id).success)
    throw new InvalidInputError([{ path: "cursor", message: "cursor is not one this API returned" }]);
  return BigInt(id);
}

export function eventRoutes(deps: EventRoutesDeps): Router {
  const router = Router();
  const onError = (error: unknown) => deps.logger.warn({ err: error }, "event stream failed");
  const streamDeps = { pool: deps.pool, hub: deps.hub, prefix: deps.queues.prefix, onError };
  const tokenWatch = createStreamTokenWatch({
    recheck: (token) => deps.verifier.recheck(token),
    everyMs: deps.config.events.tokenRecheckMs,
    onError: (error) => deps.logger.warn({ err: error }, "could not check an event stream's token again"),
  });

  const open = (req: Request, res: Response): SseResponse => {
    const { ownerId, apiKeyId } = principalOf(res);
    const holder = { ownerId, apiKeyId };
    const refusal = deps.openStreams.refusalFor(holder);
    if (refusal) throw new TooManyStreamsError(refusal, streamRetryAfterSeconds);
    // Streams stay out of the request-duration histogram (they last minutes); they have a gauge of their own.
    res.locals.eventStream = true;
    const sse = openSse(res, deps.config.events);
    deps.openStreams.add(sse, holder);
    // authenticate() let the request in, so it has a token.
    tokenWatch.watch(sse, bearerTokenOf(req)!);
    return sse;
  };

  /** Subscribing failed (Redis is down) before anything was sent: end the stream; the client retries. */
  const ended = (sse: SseResponse) => (error: unknown) => {
    onError(error);
    sse.end();
  };

  router.get("/jobs/:id/events", requireScope("jobs:read"), async (req, res) => {
    const query = parsed(JobEventsQuerySchema, req.query);
    const lastEventId = lastEventIdOf(req, query.lastEventId);
    const scope = scopeOfCaller(res);
    const ownerId = ownerIdFilter(scope) ?? null;
    const job = await findJob(deps.pool, scope, String(req.params.id));
    if (!job) throw new NotFoundError(`no job ${req.params.id}`);

    if (wantsStream(req)) {
      const sse = open(req, res);
      await streamJobEvents(streamDeps, sse, { id: job.id, ownerId: job.ownerId, lastEventId: lastEventId ?? 0n }, ownerId).catch(
        ended(sse),
      );
      return;
    }
    const after = query.cursor === undefined ? 0n : decodeCursor(query.cursor);
    const events = await readJobEvents(deps.pool, { jobId: job.id, ownerId, after, limit: query.limit + 1 });
    const page = events.slice(0, query.limit);
    res.json({ data: page, nextCursor: events.length > query.limit ? encodeCursor(page.at(-1)!.id) : null });
  });

  router.get("/events", requireScope("jobs:read"), async (req, res) => {
    const query = parsed(EventStreamQuerySchema, req.query);
    const lastEventId = lastEventIdOf(req, query.lastEventId);
    const ownerId = ownerIdFilter(scopeOfCaller(res)) ?? null;
    const sse = open(req, res);
    await streamOwnerEvents(streamDeps, sse, { ownerId, type: query.type, lastEventId }).catch(ended(sse));
  });

  return router;
}

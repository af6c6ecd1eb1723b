import type { JobPayload, JobResult, JobType } from "@jobline/contract";
import type { Logger } from "pino";

/** What a handler gets besides its payload. */
export interface HandlerContext {
  /** 0..100. Cheap to call often: writes are throttled and never awaited by the handler. */
  reportProgress(progress: number): void;
  /** Fires on timeout, cancellation or a forced shutdown; long handlers should stop soon after. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  jobId: string;
  /** The attempt's logger: job id, type, queue and the fields hooks added are on every line. */
  log: Logger;
  /** What the attempt hooks opened for the handlers (handlers/hooks.ts). */
  locals: Readonly<Record<string, unknown>>;
}

/** Runs one job type. The payload is already validated against the type's schema; the result is checked after. */
export type Handler<T extends JobType> = (payload: JobPayload<T>, context: HandlerContext) => Promise<JobResult<T>>;

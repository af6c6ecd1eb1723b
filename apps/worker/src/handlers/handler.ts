import type { JobPayload, JobResult, JobType } from "@jobline/jobs";

/** What a handler gets besides its payload. */
export interface HandlerContext {
  /** 0..100. Cheap to call often: writes are throttled and never awaited by the handler. */
  reportProgress(progress: number): void;
  /** Fires on timeout, cancellation or a forced shutdown; long handlers should stop soon after. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  jobId: string;
}

/** Runs one job type. The payload is already validated against the type's schema; the result is checked after. */
export type Handler<T extends JobType> = (payload: JobPayload<T>, context: HandlerContext) => Promise<JobResult<T>>;

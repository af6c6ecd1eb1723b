import type { Logger } from "pino";

/** The attempt a hook sees: the job as the worker read it, and the places a hook may leave something. */
export interface HookedAttempt {
  readonly jobId: string;
  readonly type: string;
  readonly queue: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** As stored; the handler gets it after the type's schema parsed it. */
  readonly payload: unknown;
  readonly timeoutMs: number;
  /** When the attempt began, before the first hook. */
  readonly startedAt: Date;
  /** Fields a `before` hook adds here are carried by every later log line of the attempt, the handler's too. */
  readonly logFields: Record<string, unknown>;
  /** What a `before` hook opens for the handler (a client, a scratch directory); the handler reads `context.locals`. */
  readonly locals: Record<string, unknown>;
}

/** How the handler's part of the attempt ended, as the `after` hooks see it. */
export type HookedOutcome = { ok: true; result: unknown; durationMs: number } | { ok: false; error: Error; durationMs: number };

/**
 * Code that runs around every attempt of every job type. `before` runs in registration order before the handler;
 * `after` in reverse order once the handler settled (also when it threw, and also when a later hook's `before`
 * threw), before the outcome is written. A `before` that throws fails the attempt (retried like any other failure);
 * an `after` that throws is reported and changes nothing.
 */
export interface AttemptHook {
  /** Names the hook in logs and in `jobline_worker_hook_errors_total`. */
  readonly name: string;
  before?(attempt: HookedAttempt, log: Logger): void | Promise<void>;
  after?(attempt: HookedAttempt, outcome: HookedOutcome, log: Logger): void | Promise<void>;
}

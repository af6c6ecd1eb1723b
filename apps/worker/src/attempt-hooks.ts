/**
 * Runs the registered hooks (handlers/hooks.ts) around one attempt. The lifecycle calls `enter` before the handler and
 * `leave` once it settled; only the hooks whose `before` completed are left, so a hook never closes what it did not open.
 */
import type { Logger } from "pino";
import { AttemptHookError } from "./attempt-errors";
import type { AttemptHook, HookedAttempt, HookedOutcome } from "./handlers/hook";

export interface HookRun {
  /** The attempt's logger, with the fields the `before` hooks added. */
  log: Logger;
  /** Runs the entered hooks' `after`, last entered first; never throws. */
  leave(outcome: HookedOutcome): Promise<void>;
}

export type HookFailureReport = (hook: string, phase: "before" | "after", error: unknown) => void;

/** `log` with the fields the hooks added to the attempt. */
export function withLogFields(log: Logger, attempt: HookedAttempt): Logger {
  return Object.keys(attempt.logFields).length > 0 ? log.child(attempt.logFields) : log;
}

/** The attempt as the hooks see it, before any of them ran. */
export function hookedAttempt(
  row: { id: string; type: string; queue: string; payload: unknown; timeoutMs: number },
  attempt: number,
  startedAt: Date,
): HookedAttempt {
  return {
    jobId: row.id,
    type: row.type,
    queue: row.queue,
    attempt,
    payload: row.payload,
    timeoutMs: row.timeoutMs,
    startedAt,
    logFields: {},
    locals: {},
  };
}

/**
 * Runs every `before`. If one throws, the hooks entered so far are left (with that error as the outcome) and an
 * `AttemptHookError` is thrown, so the attempt fails the ordinary way.
 */
export async function enterHooks(
  hooks: readonly AttemptHook[],
  attempt: HookedAttempt,
  log: Logger,
  reportFailure: HookFailureReport,
): Promise<HookRun> {
  const entered: AttemptHook[] = [];
  const withFields = () => withLogFields(log, attempt);
  const leave = async (outcome: HookedOutcome): Promise<void> => {
    const hookLog = withFields();
    for (const hook of [...entered].reverse()) {
      try {
        await hook.after?.(attempt, outcome, hookLog);
      } catch (error) {
        reportFailure(hook.name, "after", error);
      }
    }
  };
  for (const hook of hooks) {
    try {
      await hook.before?.(attempt, withFields());
    } catch (error) {
      reportFailure(hook.name, "before", error);
      const failure = new AttemptHookError(
        `hook "${hook.name}" failed before the attempt: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
      await leave({ ok: false, error: failure, durationMs: Date.now() - attempt.startedAt.getTime() });
      throw failure;
    }
    entered.push(hook);
  }
  return { log: withFields(), leave };
}

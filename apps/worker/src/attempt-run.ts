/**
 * One attempt's run: the payload checked against its type's schema, the hooks' `before`, the handler under the
 * attempt's signal with throttled progress, its result checked against the type's schema and size limit, and the
 * hooks' `after` with the outcome. Whatever it throws is the attempt's failure (attempt-failure.ts).
 */
import type { JobDoor } from "@jobline/db";
import { limits, type JobCatalogue, type JobType, type JobTypeDefinition } from "@jobline/contract";
import type { AttemptStart } from "@jobline/engine";
import type { Logger } from "pino";
import { z } from "zod";
import { InvalidPayloadError, InvalidResultError, UnknownJobTypeError } from "./attempt-errors";
import { enterHooks } from "./attempt-hooks";
import { createAttemptSignal } from "./attempt-signal";
import { handlerFor } from "./handlers";
import type { AttemptHook, HookedAttempt, HookedOutcome } from "./handlers/hook";
import type { WorkerMetrics } from "./metrics";
import { createProgressReporter } from "./progress-reporter";
import type { AttemptCancel } from "./running-attempts";
import type { StartableJob } from "./startable-job";
import { toError } from "./stored-error";

export interface RunDeps {
  door: JobDoor;
  catalogue: JobCatalogue;
  metrics: WorkerMetrics;
  hooks: readonly AttemptHook[];
  shutdown: AbortSignal;
  progressIntervalMs: number;
}

/** The handler's checked result. */
export async function runAttempt(
  deps: RunDeps,
  row: StartableJob,
  hooked: HookedAttempt,
  start: AttemptStart,
  log: Logger,
  cancel: AttemptCancel,
): Promise<unknown> {
  const definition = deps.catalogue.get(row.type);
  if (!definition) throw new UnknownJobTypeError(`this worker does not run jobs of type "${row.type}"`);
  const payload = definition.payload.safeParse(row.payload);
  if (!payload.success) throw new InvalidPayloadError(`invalid payload for ${row.type}: ${z.prettifyError(payload.error)}`);

  const hooks = await enterHooks(deps.hooks, hooked, log, (hook, phase, error) => {
    log.error({ err: error, hook, phase }, "attempt hook failed");
    deps.metrics.hookFailed(hook, phase);
  });
  let outcome: HookedOutcome | undefined;
  try {
    const result = await runHandler(deps, row, payload.data, definition, hooked, start, hooks.log, cancel);
    outcome = { ok: true, result, durationMs: Date.now() - hooked.startedAt.getTime() };
    return result;
  } catch (error) {
    outcome = { ok: false, error: toError(error), durationMs: Date.now() - hooked.startedAt.getTime() };
    throw error;
  } finally {
    await hooks.leave(outcome!);
  }
}

async function runHandler(
  deps: RunDeps,
  row: StartableJob,
  payload: unknown,
  definition: JobTypeDefinition,
  hooked: HookedAttempt,
  start: AttemptStart,
  log: Logger,
  cancel: AttemptCancel,
): Promise<unknown> {
  const attemptSignal = createAttemptSignal({ timeoutMs: row.timeoutMs, cancel, shutdown: deps.shutdown });
  const progress = createProgressReporter({
    // Progress needs the row to say running: the first report writes the start.
    write: async (value) => (await start.ensure()) !== null && deps.door.progress(row.id, value),
    onError: (error) => log.warn({ err: error }, "could not record progress"),
    intervalMs: deps.progressIntervalMs,
  });
  let result: unknown;
  try {
    const handler = handlerFor(row.type as JobType);
    const context = {
      reportProgress: progress.report,
      get signal() {
        return attemptSignal.signal;
      },
      attempt: hooked.attempt,
      jobId: row.id,
      log,
      locals: hooked.locals,
    };
    result = await attemptSignal.race(handler(payload, context));
  } finally {
    attemptSignal.dispose();
    await progress.flush();
  }

  const checked = definition.result.safeParse(result);
  if (!checked.success) throw new InvalidResultError(`${row.type} returned an invalid result: ${z.prettifyError(checked.error)}`);
  const size = Buffer.byteLength(JSON.stringify(checked.data ?? null));
  if (size > limits.maxResultBytes)
    throw new InvalidResultError(`${row.type} returned ${size} bytes; results are limited to ${limits.maxResultBytes}`);
  return checked.data;
}

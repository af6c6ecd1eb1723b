/**
 * The start-up check that this worker's handler registry and its job catalogue come from the same build. The compiler
 * ties the two together (handlers/index.ts), but they are loaded from two builds, @jobline/contract's and the worker's:
 * a watch-mode rebuild that failed half-way, or a deployment copied in part, pairs a new catalogue with old handlers.
 * Such a worker would take jobs of a type it cannot run, so it refuses to start instead, naming the types.
 */
import { jobTypes, type JobCatalogue, type WorkQueueName } from "@jobline/contract";

/** The registry and the catalogue disagree; the message names every type on either side. */
export class HandlerRegistryMismatchError extends Error {
  override name = "HandlerRegistryMismatchError";

  constructor(
    readonly withoutHandler: readonly string[],
    readonly withoutType: readonly string[],
  ) {
    const problems = [
      withoutHandler.length > 0 && `no handler for ${withoutHandler.join(", ")}`,
      withoutType.length > 0 && `a handler for ${withoutType.join(", ")}, which the job catalogue does not define`,
    ].filter(Boolean);
    super(
      `the worker's handlers do not match its job catalogue: ${problems.join("; ")}. ` +
        "The worker and @jobline/contract come from different builds: rebuild them (pnpm build) and start again.",
    );
  }
}

/**
 * Every type the catalogue routes to one of `queues` has a handler, and every handler is for a type the contract
 * defines (demo handlers stay registered where demo jobs are off, so the other side is all of the contract's types).
 */
export function checkHandlerRegistry(options: {
  catalogue: JobCatalogue;
  queues: readonly WorkQueueName[];
  handlers: Readonly<Record<string, unknown>>;
}): void {
  const { catalogue, queues, handlers } = options;
  const hasHandler = (type: string): boolean => Object.hasOwn(handlers, type) && typeof handlers[type] === "function";
  const withoutHandler = catalogue.types.filter((type) => queues.includes(catalogue.get(type)!.queue) && !hasHandler(type));
  const withoutType = Object.keys(handlers).filter((type) => !Object.hasOwn(jobTypes, type));
  if (withoutHandler.length > 0 || withoutType.length > 0) throw new HandlerRegistryMismatchError(withoutHandler, withoutType);
}

/**
 * The registry: one handler per job type. The mapped type makes a type without a handler (or a handler with the
 * wrong payload or result) a compile error, so adding a type to the catalogue forces its handler to exist.
 */
import type { JobType } from "@jobline/contract";
import { UnknownJobTypeError } from "../attempt-errors";
import { demoEcho } from "./demo-echo";
import { demoFail } from "./demo-fail";
import { demoGpuEcho } from "./demo-gpu-echo";
import { demoSleep } from "./demo-sleep";
import type { Handler, HandlerContext } from "./handler";
import { reportGenerate } from "./report-generate";

export type { Handler, HandlerContext } from "./handler";

export const handlers = {
  "report.generate": reportGenerate,
  "demo.echo": demoEcho,
  "demo.sleep": demoSleep,
  "demo.fail": demoFail,
  "demo.gpu-echo": demoGpuEcho,
} satisfies { [T in JobType]: Handler<T> };

/** A handler seen from the lifecycle, which checks payload and result with the catalogue's schemas around it. */
export type UntypedHandler = (payload: unknown, context: HandlerContext) => Promise<unknown>;

/**
 * @throws UnknownJobTypeError when the registry has no handler for `type`: a catalogue from a newer build than the
 * worker's (main.ts refuses to start on one; this keeps such a job from being retried into the dead-letter queue).
 */
export function handlerFor(type: JobType): UntypedHandler {
  if (!Object.hasOwn(handlers, type)) throw new UnknownJobTypeError(`this worker has no handler for jobs of type "${type}"`);
  // Sound because the lifecycle parses the payload with `jobTypes[type].payload` before calling.
  return handlers[type] as UntypedHandler;
}

import type { z } from "zod";
import type { BackoffPolicy } from "./backoff";
import type { WorkQueueName } from "./queue-names";

export interface JobDefaults {
  maxAttempts: number;
  timeoutMs: number;
  backoff: BackoffPolicy;
}

/** What the catalogue knows about one job type: everything except how it runs (that is the worker's). */
export interface JobTypeDefinition<Payload extends z.ZodType = z.ZodType, Result extends z.ZodType = z.ZodType> {
  queue: WorkQueueName;
  description: string;
  payload: Payload;
  result: Result;
  defaults: JobDefaults;
  /** Demo types exist only where `JOBLINE_DEMO_JOBS=true` (the dev stack and tests). */
  demo: boolean;
}

export const standardBackoff: BackoffPolicy = { type: "exponential", delayMs: 1000, maxDelayMs: 60_000, jitter: 0.5 };

export const standardDefaults: JobDefaults = { maxAttempts: 3, timeoutMs: 5 * 60_000, backoff: standardBackoff };

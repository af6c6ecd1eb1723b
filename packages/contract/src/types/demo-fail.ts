import { z } from "zod";
import { standardBackoff, type JobTypeDefinition } from "../job-type";

export const demoFail = {
  queue: "cpu",
  description: "Fails its first `failTimes` attempts, then succeeds. `retryable: false` makes the failure permanent.",
  payload: z.object({ failTimes: z.number().int().min(0).max(100), retryable: z.boolean().default(true) }),
  result: z.object({ succeededOnAttempt: z.number().int() }),
  // Short delays keep demos and tests quick; the shape of the curve is the standard one.
  defaults: { maxAttempts: 3, timeoutMs: 60_000, backoff: { ...standardBackoff, delayMs: 50, maxDelayMs: 1000 } },
  demo: true,
} satisfies JobTypeDefinition;

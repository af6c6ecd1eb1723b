import { z } from "zod";
import { standardDefaults, type JobTypeDefinition } from "../job-type";

export const demoSleep = {
  queue: "cpu",
  description: "Waits `ms` milliseconds, reporting progress as it goes; stops early when cancelled.",
  // A sleep longer than the attempt's default timeout could only time out and be retried.
  payload: z.object({ ms: z.number().int().min(0).max(standardDefaults.timeoutMs) }),
  result: z.object({ sleptMs: z.number() }),
  defaults: standardDefaults,
  demo: true,
} satisfies JobTypeDefinition;

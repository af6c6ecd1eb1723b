import { z } from "zod";
import { standardDefaults, type JobTypeDefinition } from "../job-type";

export const demoSleep = {
  queue: "cpu",
  description: "Waits `ms` milliseconds, reporting progress as it goes; stops early when cancelled.",
  payload: z.object({
    ms: z
      .number()
      .int()
      .min(0)
      .max(10 * 60_000),
  }),
  result: z.object({ sleptMs: z.number() }),
  defaults: standardDefaults,
  demo: true,
} satisfies JobTypeDefinition;

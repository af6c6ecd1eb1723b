import { z } from "zod";
import { standardDefaults, type JobTypeDefinition } from "../job-type";

const payload = z.record(z.string(), z.unknown());

export const demoGpuEcho = {
  queue: "gpu",
  description: "Runs on the gpu queue: returns its payload and whether the worker saw a GPU.",
  payload,
  result: z.object({ payload, gpu: z.object({ available: z.boolean(), devices: z.array(z.string()) }) }),
  defaults: { ...standardDefaults, maxAttempts: 2 },
  demo: true,
} satisfies JobTypeDefinition;

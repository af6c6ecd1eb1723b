import { z } from "zod";
import { standardDefaults, type JobTypeDefinition } from "../job-type";

const payload = z.record(z.string(), z.unknown());

export const demoEcho = {
  queue: "cpu",
  description: "Returns its payload unchanged. For trying the service out.",
  payload,
  result: payload,
  defaults: standardDefaults,
  demo: true,
} satisfies JobTypeDefinition;

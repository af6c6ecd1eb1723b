import type { JobCatalogue } from "@jobline/contract";
import { Router } from "express";
import { z } from "zod";
import { requireScope } from "../auth";
import type { JobTypeList } from "../service-resources";

/** `GET /v1/job-types`: what a client may submit, with each payload's JSON Schema. Computed once. */
export function jobTypeRoutes(catalogue: JobCatalogue): Router {
  const data: JobTypeList["data"] = catalogue.types.map((type) => {
    const definition = catalogue.get(type)!;
    return {
      type,
      queue: definition.queue,
      description: definition.description,
      payloadSchema: z.toJSONSchema(definition.payload, { io: "input", unrepresentable: "any" }),
      defaults: definition.defaults,
    };
  });
  const router = Router();
  router.get("/", requireScope("jobs:read"), (_req, res) => {
    res.json({ data });
  });
  return router;
}

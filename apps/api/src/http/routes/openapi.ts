import type { JobCatalogue } from "@jobline/contract";
import { Router } from "express";
import { docsRoutes } from "../openapi/docs-page";
import { openApiDocument } from "../openapi/openapi-document";

/**
 * `GET /openapi.json` and `GET /docs`, the document built from the catalogue this deployment serves, once, on its
 * first request: building it at start would hold its garbage and the document in every API process that is never asked.
 */
export function openApiRoutes(catalogue: JobCatalogue): Router {
  let document: Record<string, unknown> | undefined;
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    document ??= openApiDocument(catalogue);
    res.json(document);
  });
  router.use(docsRoutes());
  return router;
}

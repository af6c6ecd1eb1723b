import type { JobCatalogue } from "@jobline/contract";
import { Router } from "express";
import { docsRoutes } from "../openapi/docs-page";
import { openApiDocument } from "../openapi/openapi-document";

/** `GET /openapi.json` and `GET /docs`, the document built once at start from the catalogue this deployment serves. */
export function openApiRoutes(catalogue: JobCatalogue): Router {
  const document = openApiDocument(catalogue);
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.use(docsRoutes());
  return router;
}

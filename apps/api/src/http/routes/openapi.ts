import type { JobCatalogue } from "@jobline/jobs";
import { Router } from "express";
import { docsPage } from "../openapi/docs-page";
import { openApiDocument } from "../openapi/openapi-document";

/** `GET /openapi.json` and `GET /docs`, built once at start from the catalogue this deployment serves. */
export function openApiRoutes(catalogue: JobCatalogue): Router {
  const document = openApiDocument(catalogue);
  const page = docsPage(document as Parameters<typeof docsPage>[0]);
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.get("/docs", (_req, res) => {
    res.type("html").send(page);
  });
  return router;
}

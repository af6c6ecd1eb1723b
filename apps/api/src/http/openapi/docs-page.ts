/**
 * `/docs`: Swagger UI from the `swagger-ui-dist` package installed with the API (no CDN), reading `/openapi.json`:
 * every operation with its parameters, request body, examples and answers, and "Try it out" with a bearer token.
 * The page runs only its own scripts, so its Content-Security-Policy allows scripts, styles and requests from this
 * origin and nothing else (inline styles: Swagger UI's React components set some).
 */
import path from "node:path";
import express, { Router } from "express";
import { staticAsset } from "../request-log";

export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jobline API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body></html>`;

// A file, not an inline script, so the policy needs no 'unsafe-inline' for scripts.
const start = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#docs",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
  validatorUrl: null,
});`;

const distDir = path.dirname(require.resolve("swagger-ui-dist/package.json"));
const assets = ["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"];

export function docsRoutes(): Router {
  const router = Router();
  const withPolicy: express.RequestHandler = (_req, res, next) => {
    res.setHeader("Content-Security-Policy", docsContentSecurityPolicy);
    next();
  };
  router.get("/docs", withPolicy, (_req, res) => {
    res.type("html").send(page);
  });
  router.get("/docs/start.js", staticAsset, withPolicy, (_req, res) => {
    res.type("text/javascript").send(start);
  });
  // Only the files the page loads: the package also holds a demo page that points at a public example API.
  for (const file of assets)
    router.get(`/docs/assets/${file}`, staticAsset, withPolicy, (_req, res) => res.sendFile(file, { root: distDir, maxAge: "1h" }));
  return router;
}

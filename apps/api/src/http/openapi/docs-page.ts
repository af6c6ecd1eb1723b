/**
 * `/docs`: the OpenAPI document as a readable page, rendered on the server with no script or CDN,
 * so it works offline and under a strict Content-Security-Policy.
 */
const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

interface Operation {
  summary?: string;
  responses?: Record<string, { description?: string }>;
}

export function docsPage(document: { info: { title: string; description: string }; paths: Record<string, Record<string, Operation>>; components: unknown }): string {
  const rows = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => `<li><code>${escape(status)}</code> ${escape(response.description ?? "")}</li>`)
        .join("");
      return `<tr><td><code>${method.toUpperCase()} ${escape(path)}</code></td><td>${escape(operation.summary ?? "")}<ul>${responses}</ul></td></tr>`;
    }),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}td{vertical-align:top;padding:.4rem;border-top:1px solid #ddd}
pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:12px}ul{margin:.2rem 0}</style></head>
<body><h1>${escape(document.info.title)} API</h1><p>${escape(document.info.description)} The machine-readable document is at
<a href="/openapi.json">/openapi.json</a>.</p>
<table>${rows.join("\n")}</table>
<h2>Schemas</h2><pre>${escape(JSON.stringify(document.components, null, 2))}</pre>
</body></html>`;
}

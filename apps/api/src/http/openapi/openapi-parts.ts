/**
 * The pieces every section of the OpenAPI document is built from. Schemas come from the same zod schemas that
 * validate requests, so the document cannot drift from what the API accepts; OpenAPI 3.1 speaks JSON Schema
 * 2020-12, which is what zod emits.
 */
import { z } from "zod";

/** A resource's part of the document: its named schemas and its paths. */
export interface OpenApiSection {
  schemas?: Record<string, unknown>;
  /** Request bodies go here, not among the schemas: generators then leave fields that have defaults optional. */
  requestBodies?: Record<string, unknown>;
  paths: Record<string, unknown>;
}

export const jsonSchema = (schema: z.ZodType, io: "input" | "output" = "output"): Record<string, unknown> => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: unknown) => ({ "application/json": { schema } });
export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export function queryParameters(query: z.ZodType): unknown[] {
  const schema = jsonSchema(query, "input") as { properties: Record<string, unknown> };
  return Object.entries(schema.properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));
}

export const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };

/** Every route that can answer 401 can also refuse a client that failed to authenticate too often, before any look-up. */
const authThrottled =
  "or this client address failed to authenticate too often (`/problems/too-many-auth-failures`; unknown tokens only, a token the API verified still gets in)";

/** What any authenticated route may answer besides its own statuses. */
export const common = {
  401: problem("missing, unknown or revoked token"),
  403: problem("the token lacks the scope"),
  429: {
    ...problem(`the owner's request rate is spent (\`/problems/rate-limited\`), ${authThrottled}; \`Retry-After\` says when to try again`),
    headers: { "Retry-After": { description: "seconds to wait", schema: { type: "integer", minimum: 0 } } },
  },
  503: problem("Postgres or Redis is unavailable; try again shortly"),
};

/** A submission's 429: the request rate, or the owner's cap on jobs not yet finished (a batch counts all its jobs). */
export const submitLimited = {
  ...common[429],
  description: `the owner's request rate is spent (\`/problems/rate-limited\`), these jobs would pass its cap on unfinished jobs (\`/problems/too-many-unfinished-jobs\`), ${authThrottled}; \`Retry-After\` says when to try again`,
};

/** What a route that reads a JSON body may answer besides its own statuses. */
export const bodyProblems = {
  400: problem("the body is not valid JSON"),
  413: problem("the body is larger than the limit"),
  415: problem("the body is not JSON (send Content-Type: application/json)"),
  422: problem("validation failed; `errors` lists each path"),
};

export const locationHeader = { Location: { description: "the new resource's path", required: true, schema: { type: "string" } } };

/** A page of `item`s, newest first: `nextCursor` is null on the last page. */
export const pageOf = (item: unknown) => ({
  type: "object",
  properties: { data: { type: "array", items: item }, nextCursor: { type: ["string", "null"] } },
  required: ["data", "nextCursor"],
});

/**
 * zod writes the schemas that carry an id (`.meta({ id })`) under a local `$defs`, which generators cannot resolve
 * inside `components`: every such definition moves to `components.schemas` and the references follow it.
 */
export function liftDefinitions(document: { components: { schemas: Record<string, unknown> } }): void {
  const lifted: Record<string, unknown> = {};
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== "object") return node;
    const { $defs, ...rest } = node as Record<string, unknown>;
    for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) lifted[name] ??= visit(definition);
    return Object.fromEntries(
      Object.entries(rest).map(([key, value]) =>
        key === "$ref" && typeof value === "string" ? [key, value.replace(/^#\/\$defs\//, "#/components/schemas/")] : [key, visit(value)],
      ),
    );
  };
  const visited = visit(document) as typeof document;
  Object.assign(document, visited);
  const schemas = document.components.schemas;
  for (const [name, definition] of Object.entries(lifted)) {
    // A component that was only a reference to its own definition becomes the definition.
    const own = schemas[name] as { $ref?: string } | undefined;
    if (own === undefined || own.$ref === `#/components/schemas/${name}`) schemas[name] = definition;
  }
}

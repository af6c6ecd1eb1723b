/**
 * The pieces every section of the OpenAPI document is built from. Schemas come from the same zod schemas that
 * validate requests, so the document cannot drift from what the API accepts; OpenAPI 3.1 speaks JSON Schema
 * 2020-12, which is what zod emits.
 */
import { z } from "zod";

/** A resource's part of the document: its named schemas and its paths. */
export interface OpenApiSection {
  schemas?: Record<string, unknown>;
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
export const common = { 401: problem("missing, unknown or revoked token"), 403: problem("the token lacks the scope") };

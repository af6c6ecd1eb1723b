/** Owners (tenants) and their limits (admin). */
import { ListOwnersQuerySchema, OwnerPageSchema, OwnerResourceSchema, PatchOwnerBodySchema } from "@jobline/contract";
import {
  bodyProblems,
  common,
  idParameter,
  json,
  jsonSchema,
  jsonWithExamples,
  problem,
  queryParameters,
  ref,
  type OpenApiSection,
} from "../openapi-parts";

export function ownersSection(): OpenApiSection {
  return {
    tag: { name: "owners", description: "Owners (tenants) and their limits" },
    schemas: {
      Owner: jsonSchema(OwnerResourceSchema),
      OwnerPage: jsonSchema(OwnerPageSchema),
    },
    requestBodies: {
      PatchOwner: {
        required: true,
        content: jsonWithExamples(jsonSchema(PatchOwnerBodySchema, "input"), {
          slower: { summary: "600 requests a minute", value: { rateLimitPerMinute: 600 } },
          defaults: { summary: "Back to the deployment's defaults", value: { rateLimitPerMinute: null, maxUnfinishedJobs: null } },
        }),
      },
    },
    paths: {
      "/v1/owners": {
        get: {
          operationId: "listOwners",
          summary: "List owners",
          description: "Scope admin. Newest first, with their limits.",
          parameters: queryParameters(ListOwnersQuerySchema),
          responses: { 200: { description: "a page", content: json(ref("OwnerPage")) }, ...common, 422: problem("bad limit or cursor") },
        },
      },
      "/v1/owners/{id}": {
        get: {
          operationId: "getOwner",
          summary: "Get an owner",
          description: "Scope admin. The owner and its limits.",
          parameters: [idParameter],
          responses: { 200: { description: "the owner", content: json(ref("Owner")) }, ...common, 404: problem("no such owner") },
        },
        patch: {
          operationId: "updateOwnerLimits",
          summary: "Change an owner's limits",
          description:
            "Scope admin. The owner's request rate or cap on unfinished jobs; null goes back to the deployment's default. Takes effect within the API's token cache (5 s by default).",
          parameters: [idParameter],
          requestBody: { $ref: "#/components/requestBodies/PatchOwner" },
          responses: {
            200: { description: "the owner as changed", content: json(ref("Owner")) },
            ...common,
            ...bodyProblems,
            404: problem("no such owner"),
          },
        },
      },
    },
  };
}

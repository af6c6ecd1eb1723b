/** Owners (tenants) and their limits (admin). */
import { ListOwnersQuerySchema, OwnerPageSchema, OwnerResourceSchema, PatchOwnerBodySchema } from "@jobline/contract";
import { bodyProblems, common, idParameter, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

export function ownersSection(): OpenApiSection {
  return {
    schemas: {
      Owner: jsonSchema(OwnerResourceSchema),
      OwnerPage: jsonSchema(OwnerPageSchema),
    },
    requestBodies: {
      PatchOwner: { required: true, content: json(jsonSchema(PatchOwnerBodySchema, "input")) },
    },
    paths: {
      "/v1/owners": {
        get: {
          operationId: "listOwners",
          summary: "List owners, newest first, with their limits (scope admin)",
          parameters: queryParameters(ListOwnersQuerySchema),
          responses: { 200: { description: "a page", content: json(ref("OwnerPage")) }, ...common, 422: problem("bad limit or cursor") },
        },
      },
      "/v1/owners/{id}": {
        get: {
          operationId: "getOwner",
          summary: "Read an owner and its limits (scope admin)",
          parameters: [idParameter],
          responses: { 200: { description: "the owner", content: json(ref("Owner")) }, ...common, 404: problem("no such owner") },
        },
        patch: {
          operationId: "updateOwnerLimits",
          summary:
            "Change an owner's request rate or cap on unfinished jobs; null goes back to the deployment's default. Takes effect within the API's token cache (5 s by default) (scope admin)",
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

/** API keys over the API (admin), as the token command line manages them. */
import { CreatedTokenSchema, CreateTokenBodySchema, ListTokensQuerySchema, TokenPageSchema, TokenResourceSchema } from "@jobline/contract";
import {
  bodyProblems,
  common,
  idParameter,
  json,
  jsonSchema,
  jsonWithExamples,
  locationHeader,
  problem,
  queryParameters,
  ref,
  type OpenApiSection,
} from "../openapi-parts";

export function tokensSection(): OpenApiSection {
  return {
    tag: { name: "tokens", description: "API keys, as the token command line manages them" },
    schemas: {
      Token: jsonSchema(TokenResourceSchema),
      CreatedToken: jsonSchema(CreatedTokenSchema),
      TokenPage: jsonSchema(TokenPageSchema),
    },
    requestBodies: {
      CreateToken: {
        required: true,
        content: jsonWithExamples(jsonSchema(CreateTokenBodySchema, "input"), {
          client: {
            summary: "A key for owner acme's CI that can submit and read jobs, for 90 days",
            value: { owner: "acme", scopes: ["jobs:read", "jobs:write"], name: "ci", expiresInDays: 90 },
          },
        }),
      },
    },
    paths: {
      "/v1/tokens": {
        post: {
          operationId: "createToken",
          summary: "Create an API key",
          description: "Scope admin. A key for an owner, by name (a new name creates the owner); the token is in this answer only.",
          requestBody: { $ref: "#/components/requestBodies/CreateToken" },
          responses: {
            201: { description: "created; `token` is shown once", headers: locationHeader, content: json(ref("CreatedToken")) },
            ...common,
            ...bodyProblems,
            422: problem("unknown scope, empty owner, an expiry in the past, or both expiresAt and expiresInDays"),
          },
        },
        get: {
          operationId: "listTokens",
          summary: "List API keys",
          description: "Scope admin. Newest first, revoked and expired ones included; never a token or its hash.",
          parameters: queryParameters(ListTokensQuerySchema),
          responses: {
            200: { description: "a page", content: json(ref("TokenPage")) },
            ...common,
            422: problem("bad limit, cursor or owner"),
          },
        },
      },
      "/v1/tokens/{id}": {
        delete: {
          operationId: "revokeToken",
          summary: "Revoke an API key",
          description:
            "Scope admin. The key answers 401 from then on (within the API's token cache, 5 s by default); revoking again changes nothing.",
          parameters: [idParameter],
          responses: { 204: { description: "revoked" }, ...common, 404: problem("no such token") },
        },
      },
    },
  };
}

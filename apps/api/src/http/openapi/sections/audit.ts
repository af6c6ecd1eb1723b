/** The audit log of operator actions. */
import { AuditPageSchema, ListAuditQuerySchema } from "@jobline/contract";
import { common, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

export function auditSection(): OpenApiSection {
  return {
    tag: { name: "audit", description: "What operators did" },
    schemas: {
      AuditPage: jsonSchema(AuditPageSchema),
    },
    paths: {
      "/v1/audit": {
        get: {
          operationId: "listAudit",
          summary: "List operator actions",
          description: "Scope admin. Newest first: re-drives, cancellations by an admin, token and limit changes, dashboard actions.",
          parameters: queryParameters(ListAuditQuerySchema),
          responses: {
            200: { description: "a page", content: json(ref("AuditPage")) },
            ...common,
            422: problem("bad limit, cursor, action or actorKind"),
          },
        },
      },
    },
  };
}

/** The audit log of operator actions. */
import { AuditPageSchema, ListAuditQuerySchema } from "@jobline/contract";
import { common, json, jsonSchema, problem, queryParameters, ref, type OpenApiSection } from "../openapi-parts";

export function auditSection(): OpenApiSection {
  return {
    schemas: {
      AuditPage: jsonSchema(AuditPageSchema),
    },
    paths: {
      "/v1/audit": {
        get: {
          operationId: "listAudit",
          summary:
            "Operator actions, newest first: re-drives, cancellations by an admin, token and limit changes, dashboard actions (scope admin)",
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

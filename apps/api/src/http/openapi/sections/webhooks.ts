/** Webhook deliveries and the signing secret. */
import { WebhookBodySchema, WebhookDeliveryLogSchema, WebhookSecretSchema } from "@jobline/contract";
import { common, idParameter, json, jsonSchema, problem, ref, type OpenApiSection } from "../openapi-parts";

export function webhooksSection(): OpenApiSection {
  return {
    schemas: {
      WebhookBody: jsonSchema(WebhookBodySchema),
      WebhookDeliveryLog: jsonSchema(WebhookDeliveryLogSchema),
      WebhookSecret: jsonSchema(WebhookSecretSchema),
    },
    paths: {
      "/v1/jobs/{id}/deliveries": {
        get: {
          operationId: "listJobDeliveries",
          summary:
            "The job's webhook delivery log, oldest first: one entry per attempt, plus a pending entry for a delivery waiting for its next attempt (scope jobs:read). Each POST's body is a WebhookBody",
          parameters: [idParameter],
          responses: {
            200: { description: "the log", content: json(ref("WebhookDeliveryLog")) },
            ...common,
            404: problem("unknown, or another owner's"),
          },
        },
      },
      "/v1/webhook-secret": {
        get: {
          operationId: "getWebhookSecret",
          summary: "The owner's webhook signing secret (scope jobs:write)",
          responses: { 200: { description: "the secret", content: json(ref("WebhookSecret")) }, ...common },
        },
      },
      "/v1/webhook-secret/rotate": {
        post: {
          operationId: "rotateWebhookSecret",
          summary: "A new signing secret; for 24 h deliveries carry a second signature made with the previous one (scope jobs:write)",
          responses: { 200: { description: "the new secret", content: json(ref("WebhookSecret")) }, ...common },
        },
      },
    },
  };
}

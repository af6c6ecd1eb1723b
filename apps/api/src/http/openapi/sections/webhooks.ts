/** Webhook deliveries and the signing secret. */
import { WebhookBodySchema, WebhookDeliveryLogSchema, WebhookSecretSchema } from "@jobline/contract";
import { common, idParameter, json, jsonSchema, problem, ref, type OpenApiSection } from "../openapi-parts";

export function webhooksSection(): OpenApiSection {
  return {
    tag: { name: "webhooks", description: "Webhook deliveries and the signing secret" },
    schemas: {
      WebhookBody: jsonSchema(WebhookBodySchema),
      WebhookDeliveryLog: jsonSchema(WebhookDeliveryLogSchema),
      WebhookSecret: jsonSchema(WebhookSecretSchema),
    },
    paths: {
      "/v1/jobs/{id}/deliveries": {
        get: {
          operationId: "listJobDeliveries",
          summary: "List a job's webhook deliveries",
          description:
            "Scope jobs:read. Oldest first: one entry per attempt, plus a pending entry for a delivery waiting for its next attempt. Each POST's body is a WebhookBody.",
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
          summary: "Get the webhook signing secret",
          description: "Scope jobs:write. The owner's secret, made on first use.",
          responses: { 200: { description: "the secret", content: json(ref("WebhookSecret")) }, ...common },
        },
      },
      "/v1/webhook-secret/rotate": {
        post: {
          operationId: "rotateWebhookSecret",
          summary: "Rotate the webhook signing secret",
          description: "Scope jobs:write. A new secret; for 24 h deliveries carry a second signature made with the previous one.",
          responses: { 200: { description: "the new secret", content: json(ref("WebhookSecret")) }, ...common },
        },
      },
    },
  };
}

/** `webhookSecret`: the owner's key for checking webhook signatures (`verifyWebhook`). */
import type { HttpClient } from "./http-client";

export interface WebhookSecret {
  /** `whsec_…` */
  secret: string;
}

export interface WebhookSecretApi {
  /** The current secret, created on first use. */
  get(options?: { signal?: AbortSignal }): Promise<WebhookSecret>;
  /** A new secret; deliveries are signed with the previous one too for 24 h, so receivers can switch without a gap. */
  rotate(options?: { signal?: AbortSignal }): Promise<WebhookSecret>;
}

export function createWebhookSecretApi(http: HttpClient): WebhookSecretApi {
  return {
    get: (options = {}) => http.json("GET", "v1/webhook-secret", options),
    rotate: (options = {}) => http.json("POST", "v1/webhook-secret/rotate", options),
  };
}

// The delivery side of webhooks, whole: the guard (submit and connect), the relay (outbox → queue), the sender
// (queue → receiver) and the sweep (the outbox's safety net).
export * from "./callback-address-guard";
export * from "./webhook-relay";
export { createWebhookSender, type SenderLog, type SenderSettings, type WebhookSenderOptions } from "./webhook-sender";
export { sweepPendingDeliveries, type DeliverySweepOptions } from "./delivery-sweep";

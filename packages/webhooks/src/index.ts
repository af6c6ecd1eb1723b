export * from "./callback-address-guard";
export * from "./webhook-queue";
export * from "./webhook-relay";

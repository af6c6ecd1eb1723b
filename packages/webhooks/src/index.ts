export * from "./callback-address-guard";
export * from "./webhook-relay";

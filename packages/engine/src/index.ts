export * from "./errors";
export * from "./jobs/withdraw-entry";

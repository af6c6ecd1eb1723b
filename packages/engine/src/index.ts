export * from "./errors";
export * from "./jobs/withdraw-entry";
export * from "./runtime/periodic-task";
export * from "./runtime/shutdown-sequence";
export * from "./create-engine";

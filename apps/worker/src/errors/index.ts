export * from "./attempt-hook-error";
export * from "./invalid-payload-error";
export * from "./invalid-result-error";
export * from "./job-cancelled-error";
export * from "./job-timeout-error";
export * from "./permanent-job-error";
export * from "./unknown-job-type-error";
export * from "./worker-shutdown-error";

export * from "./cli-environment";
export * from "./dev-settings";
export * from "./config-error";
export * from "./parse-environment";
export * from "./shared-env";
export * from "./http-timeouts";

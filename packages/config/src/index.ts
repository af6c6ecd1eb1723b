export * from "./cli-environment";
export * from "./dev-settings";
export * from "./log-destination";
export * from "./project-root";
export * from "./config-error";
export * from "./parse-environment";
export * from "./shared-env";
export * from "./http-timeouts";

export * from "./cli-environment";
export * from "./config-error";
export * from "./parse-environment";
export * from "./shared-env";
